/**
 * An error whose message the person should read as it is: the command registry shows it (redacted,
 * like every message) instead of a generic failure. Never put key material in the message.
 */
export class UserError extends Error {}
