import type { Messages } from './en.ts';

// 繁體中文（台灣用語）。

export const zhTW: Messages = {
  'app.title': 'Tillproof 總部',
  'language.label': '語言',
  'language.en': 'English',
  'language.zh-TW': '繁體中文',
  'language.zh-CN': '简体中文',
  'common.loading': '載入中…',

  'signIn.title': '登入總部主控台',
  'signIn.username': '使用者名稱',
  'signIn.password': '密碼',
  'signIn.totp': '驗證器 App 上的驗證碼',
  'signIn.submit': '登入',
  'signIn.busy': '登入中…',

  'header.signedInAs': '已登入：{name}（{role}）',
  'header.signOut': '登出',
  'role.admin': '管理員',
  'role.auditor': '稽核人員',
  'role.regional-manager': '區域經理',

  'stores.title': '門市',
  'stores.none': '您的門市尚未註冊任何收銀機。',
  'stores.store': '門市 {id}',
  'stores.summary': '{count} 台收銀機，最後同步 {when}',
  'stores.terminals': '門市 {id} 的收銀機',
  'stores.terminal': '收銀機',
  'stores.enrolled': '註冊時間',
  'stores.lastSync': '最後同步',
  'stores.headSeq': '已收到筆數',
  'stores.never': '從未',
  'stores.refresh': '重新整理',

  'error.console.sign-in-failed': '使用者名稱、密碼或驗證碼錯誤，請確認後再試一次。',
  'error.console.totp-required': '請輸入驗證器 App 上的 6 位數驗證碼。',
  'error.console.locked': '此使用者名稱登入失敗次數過多。請於 {time} 之後（約 {minutes} 分鐘後）再試，或洽總部管理員。',
  'error.console.unauthenticated': '您的工作階段已結束，請重新登入。',
  'error.console.forbidden': '您的角色無權查看此內容。',
  'error.console.csrf': '主控台無法確認此要求來自本頁面。請重新載入頁面後再試。',
  'error.hq.busy': '總部忙碌中，請稍後再試。',
  'error.request.invalid': '總部拒絕了此要求：{message}',
  'error.network': '總部沒有回應。請檢查網路後再試。',
  'error.internal': '總部發生錯誤（{message}）。請再試一次；若持續發生，請通知資訊人員。',
};
