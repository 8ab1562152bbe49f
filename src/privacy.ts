/**
 * What to declare in the mini-program's 用户隐私保护指引 (mp admin → 设置 → 服务内容声明 → 用户隐私保护指引), derived
 * from the WeChat APIs the code calls. test/weapp/privacy.test.ts greps the compiled dist/weapp for every API of
 * WeChat's privacy list and fails when one is called that is not declared here; it also checks that the README
 * and docs/DEPLOY.md tables list these items. Not imported by the app (no bundle cost).
 */
export interface PrivacyItem {
  /** The item's name in the guide. */
  item: string
  /** The wx APIs this app calls that need it. */
  apis: string[]
  /** 用于… (what the guide asks for), as the union would write it. */
  purpose: string
}

export const PRIVACY_ITEMS: PrivacyItem[] = [
  { item: '位置信息', apis: ['getLocation'], purpose: '查找离你最近的爱心驿站和合作商户，并显示距离' },
  { item: '选择的位置信息', apis: ['chooseLocation'], purpose: '申请合作商户、维护驿站时在地图上选定门店或驿站位置' },
  { item: '选中的照片或视频信息', apis: ['chooseMedia'], purpose: '报名票友大赛时上传参赛视频' },
  { item: '剪切板', apis: ['setClipboardData'], purpose: '导出我的数据、复制驿站签到页路径' },
]

/**
 * Information typed into forms or published, which the guide also asks for (no API of its own): declare under
 * the matching items (手机号 / 发布内容) or 其他.
 */
export const TYPED_INFO: Array<{ item: string; what: string; purpose: string }> = [
  { item: '手机号', what: '入会、报名、合作商户申请表单中填写的手机号', purpose: '审核入会与报名、联系申请人' },
  { item: '发布内容', what: '参赛视频、作品名、评论', purpose: '在大赛作品展示中公开（姓名、工作单位、城市随作品展示）' },
  { item: '其他（姓名、工作单位、城市、行业）', what: '入会、报名、合作商户申请表单', purpose: '办理会员卡、判断领券资格、审核申请' },
]

/**
 * WeChat's privacy list: each API and the guide item it needs (from WeChat's table of 隐私接口). The weapp
 * build is searched for calls of every one of these.
 */
export const PRIVACY_APIS: Record<string, string> = {
  getLocation: '位置信息', startLocationUpdate: '位置信息', startLocationUpdateBackground: '位置信息', getFuzzyLocation: '位置信息',
  chooseLocation: '选择的位置信息', choosePoi: '选择的位置信息',
  chooseAddress: '地址',
  chooseInvoice: '发票信息', chooseInvoiceTitle: '发票信息',
  getWeRunData: '微信运动步数',
  chooseLicensePlate: '车牌号',
  chooseImage: '选中的照片或视频信息', chooseMedia: '选中的照片或视频信息', chooseVideo: '选中的照片或视频信息',
  chooseMessageFile: '选中的文件',
  startRecord: '麦克风', getRecorderManager: '麦克风', joinVoIPChat: '麦克风',
  createCameraContext: '摄像头', createVKSession: '摄像头',
  openBluetoothAdapter: '蓝牙', createBLEPeripheralServer: '蓝牙',
  saveImageToPhotosAlbum: '相册（仅写入）', saveVideoToPhotosAlbum: '相册（仅写入）',
  addPhoneContact: '通讯录（仅写入）',
  addPhoneRepeatCalendar: '日历（仅写入）', addPhoneCalendar: '日历（仅写入）',
  setClipboardData: '剪切板', getClipboardData: '剪切板',
  getUserProfile: '昵称、头像', getUserInfo: '昵称、头像',
}

/**
 * APIs that look private but are not items of the guide: the code may call them without a declaration.
 * Kept explicit so that the grep test knows them.
 */
export const NOT_GUIDE_ITEMS: Record<string, string> = {
  scanCode: '微信自己的扫码界面，只把码的内容交给小程序，不属于指引中的信息类型',
  openSetting: '打开小程序设置页，由用户自己开关权限',
  makePhoneCall: '拨打驿站电话，由用户确认',
  openLocation: '用微信内置地图查看驿站位置，不读取用户位置',
}
