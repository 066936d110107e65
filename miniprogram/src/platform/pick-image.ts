import Taro from '@tarojs/taro';

export interface PickedImage {
  bytes: ArrayBuffer | Blob;
  contentType: string;
  /** Shown in the chat while the upload runs (a blob: URL on h5, the temp file path in mini-programs). */
  previewUrl: string;
}

const ACCEPTED = ['image/png', 'image/jpeg', 'image/webp'];
const byExtension: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp' };

/** Lets the shopper pick one picture; null when they cancel. */
export function pickImage(): Promise<PickedImage | null> {
  return process.env.TARO_ENV === 'h5' ? pickInBrowser() : pickInMiniProgram();
}

/** A plain file input: it opens the OS picker (and the camera on phones) with no extra library. */
function pickInBrowser(): Promise<PickedImage | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = ACCEPTED.join(',');
    input.style.display = 'none';
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      input.remove();
      resolve(file ? { bytes: file, contentType: file.type, previewUrl: URL.createObjectURL(file) } : null);
    });
    input.addEventListener('cancel', () => {
      input.remove();
      resolve(null);
    });
    document.body.appendChild(input);
    input.click();
  });
}

/** chooseImage gives a temp file path; the bytes go up through request() as an ArrayBuffer, so the core needs no multipart parser. */
async function pickInMiniProgram(): Promise<PickedImage | null> {
  let path: string;
  try {
    const chosen = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
    path = chosen.tempFilePaths[0];
  } catch {
    return null; // the shopper closed the picker
  }
  if (!path) return null;
  const bytes = await new Promise<ArrayBuffer>((resolve, reject) => {
    Taro.getFileSystemManager().readFile({
      filePath: path,
      success: (result) => resolve(result.data as ArrayBuffer),
      fail: (error) => reject(new Error(error.errMsg)),
    });
  });
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  // Compressed picks are JPEG on both platforms when the path does not say otherwise.
  return { bytes, contentType: byExtension[extension] ?? 'image/jpeg', previewUrl: path };
}
