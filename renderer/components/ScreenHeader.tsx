import { type ReactNode, useEffect, useRef } from 'react';
import { useAppStore } from '../store';

/**
 * The screen's title. After a person switches screens, focus lands here so screen readers announce
 * where they are and Tab continues from the top of the new screen.
 */
export function ScreenHeader({ title, children }: { title: string; children?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (useAppStore.getState().navigations > 0) ref.current?.focus();
  }, []);
  return (
    <header className="screen-header">
      <h1 ref={ref} tabIndex={-1} id="screen-title">
        {title}
      </h1>
      {children ? <p className="screen-header__lede">{children}</p> : null}
    </header>
  );
}
