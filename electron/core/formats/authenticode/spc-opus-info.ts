import * as asn1js from 'asn1js';

/**
 * SpcSpOpusInfo ::= SEQUENCE { programName [0] EXPLICIT SpcString OPTIONAL,
 * moreInfo [1] EXPLICIT SpcLink OPTIONAL }. The publisher writes it and nobody checks it, so a
 * damaged one is ignored rather than failing the signature.
 */
export function readOpusInfo(block: asn1js.AsnType | undefined): {
  programName?: string;
  moreInfoUrl?: string;
} {
  const out: { programName?: string; moreInfoUrl?: string } = {};
  if (!(block instanceof asn1js.Sequence)) return out;
  for (const field of block.valueBlock.value) {
    if (field.idBlock.tagClass !== 3 || !(field instanceof asn1js.Constructed)) continue;
    const inner = field.valueBlock.value[0];
    if (inner?.idBlock.tagClass !== 3) continue;
    if (field.idBlock.tagNumber === 0) {
      const text = textOf(inner, inner.idBlock.tagNumber === 0 ? 'bmp' : 'ascii');
      if (text !== undefined) out.programName = text;
    }
    // SpcLink: only the url choice [0] (an IA5String) is a link a person can read.
    if (field.idBlock.tagNumber === 1 && inner.idBlock.tagNumber === 0) {
      const text = textOf(inner, 'ascii');
      if (text !== undefined) out.moreInfoUrl = text;
    }
  }
  return out;
}

/** SpcString: [0] BMPString (UTF-16BE) or [1] IA5String; both IMPLICIT, so raw octets here. */
function textOf(block: asn1js.AsnType, kind: 'bmp' | 'ascii'): string | undefined {
  const bytes = (block as { valueBlock?: { valueHexView?: Uint8Array } }).valueBlock?.valueHexView;
  if (!bytes || bytes.length > 1024) return undefined;
  if (kind === 'bmp') {
    const swapped = new Uint8Array(bytes.length - (bytes.length % 2));
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      swapped[i] = bytes[i + 1]!;
      swapped[i + 1] = bytes[i]!;
    }
    return new TextDecoder('utf-16le').decode(swapped).replace(/\p{Cc}/gu, '');
  }
  return new TextDecoder('latin1').decode(bytes).replace(/\p{Cc}/gu, '');
}
