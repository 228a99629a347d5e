/** Events the main process pushes to the window. */
export interface JobProgressEvent {
  jobId: string;
  file: string;
  fileIndex: number;
  fileCount: number;
  bytesDone: number;
  bytesTotal: number;
  bytesPerSecond: number;
}
export interface EventMap {
  jobProgress: JobProgressEvent;
  /** Files handed to the app (command line, "Open with", a second launch). */
  openFiles: { files: string[] };
}
export type EventName = keyof EventMap;
