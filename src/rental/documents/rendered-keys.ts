/** The blob keys a deleted file leaves: its original and its thumbnail, if rendered. */
export function renderedKeysOfFiles(files: readonly { blob_key: string; thumbnail_blob_key: string | null }[]): string[] {
  return files.flatMap((f) => (f.thumbnail_blob_key === null ? [f.blob_key] : [f.blob_key, f.thumbnail_blob_key]));
}

/** The blob keys of deleted documents' PDFs, if rendered. */
export function renderedKeysOfDocuments(documents: readonly { pdf_blob_key: string | null }[]): string[] {
  return documents.flatMap((d) => (d.pdf_blob_key === null ? [] : [d.pdf_blob_key]));
}
