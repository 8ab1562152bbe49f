import qrcode from 'qrcode-generator'

/**
 * The QR image a token should render as: the same encoding the app's QrCode component uses
 * (byte mode, level M, 8 px modules, 4-module margin), computed independently in the test.
 */
export function qrcodeDataUrl(value: string): string {
  const qr = qrcode(0, 'M')
  qr.addData(value, 'Byte')
  qr.make()
  return qr.createDataURL(8, 32)
}
