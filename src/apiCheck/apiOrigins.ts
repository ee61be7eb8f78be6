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
   * Resolves true when a key may be sent to `baseUrl`. A person (`interactive`, as the command
   * registry decided) is asked once per origin, naming it. A scripted call to an origin nobody
   * approved sends nothing: it is refused with an error, or, given `scripted`, put to a person in a
   * modal naming the origin and what the script asks to send (their "Allow" approves the origin).
   */
  async consent(baseUrl: string, interactive: boolean, scripted?: ScriptedRequest): Promise<boolean> {
    if (this.isApproved(baseUrl)) return true;
    const origin = apiOrigin(baseUrl);
    if (!interactive && !scripted) {
      throw new UserError(
        `The key was not sent: ${origin} (from the setting infinipost.apiBaseUrl) is not an API address you have approved. Run "Infinipost: Test API Key" yourself once to approve it.`,
      );
    }
    const why = `The setting infinipost.apiBaseUrl sends key checks to ${origin} instead of the Infinipost API. Whoever runs that server receives every key you test there. Allow it only for a server you run or trust; Infinipost asks once per address.`;
    const allowed = scripted && !interactive
      ? await confirmModal(
          `A script or another extension asks to send ${scripted.what} to ${origin}, an address you have not approved.`,
          scripted.list?.length ? `${why}\n\n${scripted.list.join('\n')}` : why,
          'Allow',
        )
      : await confirmModal(`Send Infinipost API keys to ${origin}?`, why, 'Allow');
    if (allowed) await this.approve(baseUrl);
    return allowed;
  }
}

/** What a scripted call asks to send, for the modal a person sees instead of a silent refusal. */
export interface ScriptedRequest {
  /** "3 keys found in git history". */
  what: string;
  /** Masked keys, one a line. */
  list?: readonly string[];
}
