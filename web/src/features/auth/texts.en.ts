import type { MessageTree } from '../../i18n/types';

/** Texts of the auth feature, in English. The namespaces are merged with the other features' in i18n/resources.ts; texts.zh-CN.ts has the same keys. */
export const en = {
  login: {
    title: 'Sign in',
    username: 'Username',
    password: 'Password',
    usernameRequired: 'Enter your username',
    passwordRequired: 'Enter your password',
    submit: 'Sign in',
    failed: 'Wrong username or password.',
    sessionExpired: 'Your session has ended. Please sign in again.',
  },
} as const satisfies MessageTree;
