// The variable name decides where the key lands in every terminal, task and debug session.
// A name that programs read for their own behaviour would hand the key to the loader, the
// shell or the runtime instead (and break them), and another vendor's credential variable would
// hand it to that vendor's tools. So the name must have one plain shape (an allow-list:
// `^[A-Z][A-Z0-9_]{2,63}$`), and known names and families are refused on top of that.

import { mentionsKeyPrefix } from './keyTypes';

/** The variable the key is injected as when the setting is empty or refused. */
export const DEFAULT_ENV_VAR_NAME = 'INFINIPOST_API_KEY';

export const MAX_ENV_VAR_NAME_LENGTH = 64;

/** The only shape accepted: capitals, digits and underscores, starting with a capital, 3 to 64 characters. */
export const ENV_VAR_NAME_PATTERN = /^[A-Z][A-Z0-9_]{2,63}$/;

const SETTING = 'infinipost.environmentVariable';
const FALLBACK = `Using the default ${DEFAULT_ENV_VAR_NAME} instead.`;

// Exact names, compared upper-case (Windows treats variable names case-insensitively).
const RESERVED_NAMES: ReadonlySet<string> = new Set([
  // Search paths and loaders (several also covered by a prefix below; named so the message is exact)
  'LD_PRELOAD', 'LD_LIBRARY_PATH', 'LD_AUDIT', 'NODE_OPTIONS', 'NODE_PATH', 'NODE_EXTRA_CA_CERTS',
  'PYTHONPATH', 'PYTHONSTARTUP', 'PYTHONHOME', 'SSL_CERT_FILE', 'SSL_CERT_DIR',
  'PATH', 'PATHEXT', 'CDPATH', 'CLASSPATH', 'GCONV_PATH', 'HOSTALIASES', 'LOCALDOMAIN', 'RES_OPTIONS',
  // Shells and terminals
  'BASH_ENV', 'ENV', 'HOME', 'SHELL', 'SHELLOPTS', 'BASHOPTS', 'IFS', 'PS0', 'PS1', 'PS2', 'PS3', 'PS4',
  'PROMPT_COMMAND', 'ZDOTDIR', 'GLOBIGNORE', 'HISTFILE', 'TERM', 'COLORTERM', 'PWD', 'OLDPWD', 'COMSPEC',
  'EDITOR', 'VISUAL', 'PAGER', 'MANPAGER', 'DISPLAY', 'TZ', 'PROMPT', 'BROWSER', 'LESS', 'LESSOPEN', 'LESSCLOSE', 'LESSKEY',
  'INPUTRC', 'TERMINFO',
  // Identity and system locations
  'USER', 'USERNAME', 'LOGNAME', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'SYSTEMROOT', 'WINDIR', 'PSMODULEPATH',
  'TMPDIR', 'TMP', 'TEMP', 'LANG', 'LANGUAGE',
  // Runtimes
  'RUBYOPT', 'RUBYLIB', 'PERL5LIB', 'PERL5OPT', 'PERLLIB', 'PERL5DB', 'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS',
  'JDK_JAVA_OPTIONS', 'JAVA_HOME', 'GOFLAGS', 'GOPATH', 'GOROOT', 'GOPROXY', 'RUSTFLAGS', 'RUSTC_WRAPPER',
  'CC', 'CXX', 'CFLAGS', 'CXXFLAGS', 'LDFLAGS', 'MAKEFLAGS', 'OPENSSL_CONF', 'GLIBC_TUNABLES',
  // Network and TLS
  'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'FTP_PROXY', 'CURL_CA_BUNDLE', 'REQUESTS_CA_BUNDLE',
  'SSLKEYLOGFILE', 'WGETRC', 'CURL_HOME', 'NETRC',
  // Credential helpers and other tools' credentials
  'SSH_AUTH_SOCK', 'SSH_ASKPASS', 'SUDO_ASKPASS', 'KUBECONFIG', 'GOOGLE_APPLICATION_CREDENTIALS',
]);

// Whole families of variables that configure a program rather than carry data for it.
const RESERVED_PREFIXES: readonly string[] = [
  'LD_', 'DYLD_', 'LC_', 'GIT_', 'NODE_', 'NPM_CONFIG_', 'YARN_', 'ELECTRON_', 'VSCODE_', 'PYTHON', 'PIP_',
  'RUBY', 'GEM_', 'BUNDLE_', 'DOTNET_', 'COMPLUS_', 'CORECLR_', 'CARGO_', 'SSL_', 'XDG_', 'MALLOC_',
  'DOCKER_', 'AWS_', 'AZURE_', 'GCLOUD_', 'CLOUDSDK_', 'SSH_', 'GPG_', 'GNUPG',
];

// Other vendors' credentials (`OPENAI_API_KEY`, `GITHUB_TOKEN`, ...): their tools would send our key
// to them. Infinipost's own names (`INFINIPOST_…`) are fine.
const OWN_PREFIX = 'INFINIPOST_';
const OTHER_VENDOR_SUFFIXES: readonly string[] = ['_API_KEY', '_TOKEN'];

/** Checks the `infinipost.environmentVariable` setting; returns why it is refused (the default is then used), or undefined. */
export function validateEnvVarName(name: string): string | undefined {
  // Messages never repeat the value unless it is one of our own reserved words: people do paste
  // keys into settings, and a key body is itself a syntactically valid variable name.
  if (name === '') {
    return `The setting ${SETTING} is empty. ${FALLBACK}`;
  }
  if (mentionsKeyPrefix(name)) {
    return `The setting ${SETTING} contains an API key. It takes a variable name only: remove the key from your settings and store it in the Infinipost key vault. ${FALLBACK}`;
  }
  if (looksLikeSecretValue(name)) {
    return `The setting ${SETTING} looks like a secret value, not a variable name. Remove it from your settings and use a name such as ${DEFAULT_ENV_VAR_NAME}. ${FALLBACK}`;
  }
  if (name.length > MAX_ENV_VAR_NAME_LENGTH) {
    return `The setting ${SETTING} is longer than ${MAX_ENV_VAR_NAME_LENGTH} characters. ${FALLBACK}`;
  }
  const upper = name.toUpperCase();
  // Reserved names are named in the message even when written in lower case (Windows reads them so).
  if (RESERVED_NAMES.has(upper)) {
    return `The setting ${SETTING} cannot be ${upper}: programs read that variable to decide how they run. ${FALLBACK}`;
  }
  if (!ENV_VAR_NAME_PATTERN.test(name)) {
    return `The setting ${SETTING} must be 3 to ${MAX_ENV_VAR_NAME_LENGTH} capital letters, digits and underscores, starting with a letter (such as ${DEFAULT_ENV_VAR_NAME}). ${FALLBACK}`;
  }
  const prefix = RESERVED_PREFIXES.find((candidate) => upper.startsWith(candidate));
  if (prefix) {
    return `The setting ${SETTING} cannot start with ${prefix}: programs read those variables to decide how they run. ${FALLBACK}`;
  }
  const suffix = OTHER_VENDOR_SUFFIXES.find((candidate) => upper.endsWith(candidate));
  if (suffix && !upper.startsWith(OWN_PREFIX)) {
    return `The setting ${SETTING} cannot end with ${suffix} unless it starts with ${OWN_PREFIX}: other tools read such variables as their own credentials and would send the key to their servers. ${FALLBACK}`;
  }
  return undefined;
}

// A key body without its prefix is a valid identifier too. Variable names are words joined by
// underscores; a long run mixing lower case, upper case and digits with no underscore is not.
function looksLikeSecretValue(name: string): boolean {
  return /^[A-Za-z0-9]{16,}$/.test(name) && /[a-z]/.test(name) && /[A-Z]/.test(name) && /[0-9]/.test(name);
}
