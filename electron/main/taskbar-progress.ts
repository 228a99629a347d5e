import type { JobProgressEvent } from '../../shared/ipc/events';

/** Share of the whole job done, for the taskbar/dock progress bar (0..1). */
export function taskbarFraction(progress: JobProgressEvent): number {
  if (progress.fileCount <= 0) return 0;
  const withinFile = progress.bytesTotal > 0 ? Math.min(progress.bytesDone / progress.bytesTotal, 1) : 1;
  return Math.min((progress.fileIndex + withinFile) / progress.fileCount, 1);
}
