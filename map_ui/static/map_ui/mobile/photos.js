/*
 * Photos are shrunk on the phone before they are queued: a 12-megapixel original is 4-8 MB,
 * which a weak signal cannot send and IndexedDB should not hold three times over. Drawing through
 * a canvas also drops the EXIF block, and with it the phone's own GPS trail and serial number.
 */
import { el } from "../dom.js";
import { gettext, interpolate } from "../i18n.js";
import { config } from "./core.js";

const JPEG_QUALITY = 0.85;

/** A JPEG Blob whose longest side is at most maxSide pixels, upright as the camera meant it. */
export async function resizeToJpeg(file, maxSide) {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  canvas.getContext("2d").drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return new Promise((resolve, reject) => {
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error("canvas.toBlob returned nothing"))),
      "image/jpeg",
      JPEG_QUALITY,
    );
  });
}

/**
 * Resized JPEGs of the files in `input` (at most `limit`), with thumbnails in `previews`.
 * Returns { blobs, problems }: problems are sentences for the worker (too many, unreadable).
 */
export async function collect(input, previews, limit) {
  const files = [...input.files];
  const problems = [];
  if (files.length > limit) {
    problems.push(gettext("最多只能上传3张照片，已保留前3张。"));
  }
  const blobs = [];
  for (const file of files.slice(0, limit)) {
    try {
      blobs.push(await resizeToJpeg(file, config.photoMaxSide));
    } catch (error) {
      problems.push(interpolate(gettext("照片无法读取：%(name)s"), { name: file.name }));
    }
  }
  showPreviews(previews, blobs);
  return { blobs, problems };
}

export function showPreviews(previews, blobs) {
  previews.querySelectorAll("img").forEach((img) => URL.revokeObjectURL(img.src));
  previews.replaceChildren(
    ...blobs.map((blob, index) =>
      el("img", { src: URL.createObjectURL(blob), alt: `${index + 1}`, class: "m-preview" }),
    ),
  );
}

