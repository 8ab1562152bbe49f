import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
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

const SHOTS = path.resolve(__dirname, '../../.tmp/browser')
const ZBARIMG = process.env.ZBARIMG_PATH || '/usr/bin/zbarimg'

/**
 * Screenshots the page as the person sees it (only the viewport, scrolled to the code in `box`) into
 * .tmp/browser/<file>.png and reads every QR code in it with a real barcode reader (Debian's zbarimg).
 */
export async function readCodes(page: Page, file: string, box = '.qr-code__image'): Promise<string[]> {
  const img = page.locator(`.taro_page:visible ${box}`).first()
  await img.waitFor({ state: 'visible' })
  await img.scrollIntoViewIfNeeded()
  // The image has loaded and has a size.
  await page.waitForFunction((sel) => {
    const el = document.querySelector(`.taro_page:not([style*="display: none"]) ${sel} img`) as HTMLImageElement | null
    return !!el && el.complete && el.naturalWidth > 0
  }, box)
  mkdirSync(SHOTS, { recursive: true })
  const shot = path.join(SHOTS, `${file}.png`)
  await page.screenshot({ path: shot })
  let out: string
  try {
    out = execFileSync(ZBARIMG, ['-q', '--raw', '-Sdisable', '-Sqrcode.enable', shot], { encoding: 'utf8' })
  } catch (e) {
    // zbarimg exits 4 when it found nothing: the caller fails below with the screenshot named.
    out = (e as { stdout?: string }).stdout ?? ''
  }
  const codes = out.split('\n').map((l) => l.trim()).filter(Boolean)
  if (!codes.length) throw new Error(`no QR code could be read from ${path.relative(process.cwd(), shot)}`)
  return codes
}
