import { type JSX, useEffect } from 'react';
import { Notice } from './components/Notice';
import { Sidebar } from './components/Sidebar';
import { bridge, hasBridge } from './lib/bridge';
import { ActivityScreen } from './screens/ActivityScreen';
import { KeysScreen } from './screens/KeysScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { SignScreen } from './screens/SignScreen';
import { TrustedSignersScreen } from './screens/TrustedSignersScreen';
import { VerifyScreen } from './screens/VerifyScreen';
import { useAppStore } from './store';
import { type ScreenId, screens } from './store/navigation-slice';

const screenComponents: Record<ScreenId, () => JSX.Element> = {
  verify: VerifyScreen,
  sign: SignScreen,
  keys: KeysScreen,
  trusted: TrustedSignersScreen,
  activity: ActivityScreen,
  settings: SettingsScreen,
};

/** Main-process events: progress of long jobs, and files handed to the app from outside. */
function useBridgeEvents() {
  useEffect(() => {
    if (!hasBridge()) return;
    const { recordProgress, navigate, verifyFiles, loadTrusted } = useAppStore.getState();
    // Whether the organisation lets this person trust signers decides what verdict cards offer.
    void loadTrusted();
    const offProgress = bridge().on('jobProgress', recordProgress);
    const offOpen = bridge().on('openFiles', ({ files }) => {
      navigate('verify');
      void verifyFiles(files);
    });
    return () => {
      offProgress();
      offOpen();
    };
  }, []);
}

/**
 * A file dropped outside a drop zone would make the window open it in place of the app; dropping
 * anywhere else does nothing instead.
 */
function useDropGuard() {
  useEffect(() => {
    const ignore = (event: DragEvent) => {
      if (event.defaultPrevented) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'none';
    };
    window.addEventListener('dragover', ignore);
    window.addEventListener('drop', ignore);
    return () => {
      window.removeEventListener('dragover', ignore);
      window.removeEventListener('drop', ignore);
    };
  }, []);
}

/** Ctrl+1…6 (Cmd on macOS) switch screens, like the sidebar order. */
function useScreenShortcuts() {
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const index = Number.parseInt(event.key, 10) - 1;
      const target = screens[index];
      if (!target) return;
      event.preventDefault();
      useAppStore.getState().navigate(target);
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function App() {
  const screen = useAppStore((state) => state.screen);
  useBridgeEvents();
  useScreenShortcuts();
  useDropGuard();
  const Screen = screenComponents[screen];
  return (
    <div className="app">
      <button
        type="button"
        className="skip-link"
        onClick={() => document.getElementById('screen-title')?.focus()}
      >
        Skip to content
      </button>
      <Sidebar />
      <main className="main" aria-labelledby="screen-title">
        <div className="main__inner">
          {hasBridge() ? (
            <Screen key={screen} />
          ) : (
            <Notice
              tone="error"
              title="Signet is not connected"
              nextStep="Close this window and open Signet again from its app icon."
            >
              This page must be opened inside the Signet app.
            </Notice>
          )}
        </div>
      </main>
    </div>
  );
}
