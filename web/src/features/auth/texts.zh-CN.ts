import type { Translation } from '../../i18n/types';
import type { en } from './texts.en';

/** Texts of the auth feature, in Simplified Chinese: typed against texts.en.ts, so every key and nothing extra. */
export const zhCN: Translation<typeof en> = {
  login: {
    title: '登录',
    username: '用户名',
    password: '密码',
    usernameRequired: '请输入用户名',
    passwordRequired: '请输入密码',
    submit: '登录',
    failed: '用户名或密码错误。',
    sessionExpired: '登录已失效，请重新登录。',
  },
};
