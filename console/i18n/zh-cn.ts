import type { Messages } from './en.ts';

// 简体中文。

export const zhCN: Messages = {
  'app.title': 'Tillproof 总部',
  'language.label': '语言',
  'language.en': 'English',
  'language.zh-TW': '繁體中文',
  'language.zh-CN': '简体中文',
  'common.loading': '加载中…',

  'signIn.title': '登录总部控制台',
  'signIn.username': '用户名',
  'signIn.password': '密码',
  'signIn.totp': '身份验证器应用中的验证码',
  'signIn.submit': '登录',
  'signIn.busy': '正在登录…',

  'header.signedInAs': '已登录：{name}（{role}）',
  'header.signOut': '退出登录',
  'role.admin': '管理员',
  'role.auditor': '审计员',
  'role.regional-manager': '区域经理',

  'stores.title': '门店',
  'stores.none': '您的门店还没有注册任何收银机。',
  'stores.store': '门店 {id}',
  'stores.summary': '{count} 台收银机，最后同步 {when}',
  'stores.terminals': '门店 {id} 的收银机',
  'stores.terminal': '收银机',
  'stores.enrolled': '注册时间',
  'stores.lastSync': '最后同步',
  'stores.headSeq': '已收到条数',
  'stores.never': '从未',
  'stores.refresh': '刷新',

  'error.console.sign-in-failed': '用户名、密码或验证码错误，请检查后重试。',
  'error.console.totp-required': '请输入身份验证器应用中的 6 位验证码。',
  'error.console.locked': '该用户名登录失败次数过多。请在 {time} 之后（约 {minutes} 分钟后）重试，或联系总部管理员。',
  'error.console.unauthenticated': '您的会话已结束，请重新登录。',
  'error.console.forbidden': '您的角色无权查看此内容。',
  'error.console.csrf': '控制台无法确认此请求来自本页面。请刷新页面后重试。',
  'error.hq.busy': '总部繁忙，请稍后重试。',
  'error.request.invalid': '总部拒绝了该请求：{message}',
  'error.network': '总部没有响应。请检查网络后重试。',
  'error.internal': '总部出错（{message}）。请重试；如果一直出现，请通知 IT。',
};
