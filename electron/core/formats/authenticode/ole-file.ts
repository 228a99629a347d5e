/** OLE compound file magic: MSI, and older Office files too (the root CLSID tells them apart). */
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Cheap look at the first bytes: an OLE compound file (an MSI installer, maybe). Never throws. */
export function looksLikeOle(head: Uint8Array): boolean {
  return head.length >= 8 && OLE_MAGIC.every((b, i) => head[i] === b);
}
