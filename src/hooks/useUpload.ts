import { useCallback, useState } from 'react'
import { fileUrl, uploadFile } from '@/api'

/** A stored file's address for <Image>/<Video> (for pages, which do not import the client). */
export { fileUrl }

/**
 * One upload at a time to storage with its progress: `upload(path, file)` resolves to the fileId (rejects with
 * ApiError); `percent` is 0–100 while it runs, null otherwise. `path` starts with `me.uploadDir`.
 */
export function useUpload(): { percent: number | null; upload: (path: string, file: string | Blob) => Promise<string> } {
  const [percent, setPercent] = useState<number | null>(null)
  const upload = useCallback(async (path: string, file: string | Blob) => {
    setPercent(0)
    try {
      const fileId = await uploadFile(path, file, (p) => setPercent(p))
      setPercent(100)
      return fileId
    } finally {
      setPercent(null)
    }
  }, [])
  return { percent, upload }
}
