/**
 * The bytes as a Uint8Array that owns its whole ArrayBuffer, so it can be transferred to another
 * thread without copying. A view on a shared slab (small Node Buffers) is copied instead: transferring
 * the slab would steal other buffers' memory.
 */
export function ownedBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const buffer = bytes.buffer;
  if (buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength) {
    return bytes as Uint8Array<ArrayBuffer>;
  }
  return new Uint8Array(bytes);
}
