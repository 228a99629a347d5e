import type { ReactNode } from 'react';

/** One term and its value in a `details` list; `mono` for ids, thumbprints and fingerprints. */
export function DetailsRow({ term, mono, children }: { term: string; mono?: boolean; children: ReactNode }) {
  return (
    <div className="details__row">
      <dt>{term}</dt>
      <dd className={mono ? 'mono' : undefined}>{children}</dd>
    </div>
  );
}
