/**
 * Channels only preloads use, outside the page's bridge (kept here, free of zod, so preload bundles
 * stay small). The page cannot send on them: it never holds ipcRenderer.
 */

/** The main preload reports each dropped file's path (webUtils.getPathForFile) to main as a grant. */
export const DROPPED_FILES_CHANNEL = 'signet:dropped-files';
