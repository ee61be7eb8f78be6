// Where "Test API Key" may send a key. Any extension can write the user setting
// infinipost.apiBaseUrl, so the setting alone is no consent: the origins a person approved in a
// modal live in this extension's private globalState (origins only, never keys).
import * as vscode from 'vscode';
import { apiOrigin, isApprovedOrigin } from '../core/apiBaseUrl';
import { confirmModal } from '../shared/confirm';
import { UserError } from '../shared/userError';

const APPROVED_STATE = 'infinipost.approvedApiOrigins';

export class ApprovedApiOrigins {
  constructor(private readonly state: vscode.Memento) {}

  private approved(): unknown[] {
    const value = this.state.get<unknown>(APPROVED_STATE);
    return Array.isArray(value) ? value : [];
  }

  isApproved(baseUrl: string): boolean {
    return isApprovedOrigin(apiOrigin(baseUrl), this.approved());
  }

  async approve(baseUrl: string): Promise<void> {
    const origin = apiOrigin(baseUrl);
    if (isApprovedOrigin(origin, this.approved())) return;
    await this.state.update(APPROVED_STATE, [...this.approved().filter((entry) => typeof entry === 'string'), origin].slice(-50));
  }

  /**
   * Resolves true when a key may be sent to `baseUrl`. A person is asked once per origin, naming
   * it; a scripted call to an origin nobody approved is refused with an error and sends nothing.
   */
  async consent(baseUrl: string, interactive: boolean): Promise<boolean> {
    if (this.isApproved(baseUrl)) return true;
    const origin = apiOrigin(baseUrl);
    if (!interactive) {
      throw new UserError(
        `The key was not sent: ${origin} (from the setting infinipost.apiBaseUrl) is not an API address you have approved. Run "Infinipost: Test API Key" yourself once to approve it.`,
      );
    }
    const allowed = await confirmModal(
      `Send Infinipost API keys to ${origin}?`,
      `The setting infinipost.apiBaseUrl sends key checks to ${origin} instead of the Infinipost API. Whoever runs that server receives every key you test there. Allow it only for a server you run or trust; Infinipost asks once per address.`,
      'Allow',
    );
    if (allowed) await this.approve(baseUrl);
    return allowed;
  }
}
