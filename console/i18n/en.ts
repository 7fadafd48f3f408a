// English: the console's reference catalogue. zh-TW and zh-CN must have every key (a unit test
// checks), with the same {placeholders}. Error texts say what happened and what to do next.

export const en = {
  'app.title': 'Tillproof HQ',
  'language.label': 'Language',
  'language.en': 'English',
  'language.zh-TW': '繁體中文',
  'language.zh-CN': '简体中文',
  'common.loading': 'Loading…',

  'signIn.title': 'Sign in to the HQ console',
  'signIn.username': 'Username',
  'signIn.password': 'Password',
  'signIn.totp': 'Code from your authenticator app',
  'signIn.submit': 'Sign in',
  'signIn.busy': 'Signing in…',

  'header.signedInAs': 'Signed in as {name} ({role})',
  'header.signOut': 'Sign out',
  'role.admin': 'administrator',
  'role.auditor': 'auditor',
  'role.regional-manager': 'regional manager',

  'stores.title': 'Stores',
  'stores.none': 'No terminals are enrolled in your stores yet.',
  'stores.store': 'Store {id}',
  'stores.summary': 'Terminals: {count}; last sync {when}',
  'stores.terminals': 'Terminals of store {id}',
  'stores.terminal': 'Terminal',
  'stores.enrolled': 'Enrolled',
  'stores.lastSync': 'Last sync',
  'stores.headSeq': 'Entries received',
  'stores.never': 'never',
  'stores.refresh': 'Refresh',

  'error.console.sign-in-failed': 'Wrong username, password or code. Check them and try again.',
  'error.console.totp-required': 'Enter the 6-digit code from your authenticator app.',
  'error.console.locked':
    'Too many failed sign-ins for this username. Try again after {time} (in about {minutes} min), or ask an HQ administrator.',
  'error.console.unauthenticated': 'Your session ended. Sign in again.',
  'error.console.forbidden': 'Your role may not see this.',
  'error.console.csrf': 'The console could not confirm this request came from this page. Reload the page and try again.',
  'error.hq.busy': 'HQ is busy. Try again in a moment.',
  'error.request.invalid': 'HQ refused the request: {message}',
  'error.network': 'HQ does not answer. Check the network and try again.',
  'error.internal': 'Something went wrong at HQ ({message}). Try again; if it keeps happening, tell IT.',
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Readonly<Record<MessageKey, string>>;
