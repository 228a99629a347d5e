import { type DragEvent, type ReactNode, useRef, useState } from 'react';
import { bridge } from '../lib/bridge';
import { Icon } from './Icon';

/**
 * A large target for dropped files. Dropping is a mouse-only gesture, so the zone always holds a
 * button that does the same through the native file dialog.
 */
export function DropZone({
  title,
  hint,
  onFiles,
  onUnreadable,
  compact = false,
  inactive = false,
  children,
}: {
  title: string;
  hint?: string;
  onFiles: (paths: string[]) => void;
  /** Called when something was dropped that has no path on disk (text, a file from a browser). */
  onUnreadable: () => void;
  compact?: boolean;
  /** While a check runs: drops do nothing (the running check is never replaced by accident). */
  inactive?: boolean;
  children?: ReactNode;
}) {
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child; counting keeps the highlight steady.
  const depth = useRef(0);

  function hasFiles(event: DragEvent) {
    return [...event.dataTransfer.types].includes('Files');
  }

  function onDragEnter(event: DragEvent) {
    if (!hasFiles(event) || inactive) return;
    event.preventDefault();
    depth.current += 1;
    setOver(true);
  }

  function onDragOver(event: DragEvent) {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = inactive ? 'none' : 'copy';
  }

  function onDragLeave() {
    depth.current = Math.max(depth.current - 1, 0);
    if (depth.current === 0) setOver(false);
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    depth.current = 0;
    setOver(false);
    if (inactive) return;
    const files = [...event.dataTransfer.files];
    const paths = files.map((file) => bridge().getPathForFile(file)).filter((path) => path.length > 0);
    if (paths.length > 0) onFiles(paths);
    else onUnreadable();
  }

  const classes = [
    'dropzone',
    over && !inactive ? 'dropzone--over' : '',
    compact ? 'dropzone--compact' : '',
    inactive ? 'dropzone--inactive' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the drop target is a pointer convenience; the button inside is the keyboard path.
    <div
      className={classes}
      onDragEnter={onDragEnter}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
      data-testid="dropzone"
      data-inactive={inactive ? 'true' : undefined}
    >
      <Icon name="upload" size={compact ? 22 : 36} className="dropzone__icon" />
      <div className="dropzone__text">
        <p className="dropzone__title">{title}</p>
        {hint ? <p className="dropzone__hint">{hint}</p> : null}
      </div>
      <div className="dropzone__actions">{children}</div>
    </div>
  );
}
