import { useAppStore } from '../store';
import { type ScreenId, screens } from '../store/navigation-slice';
import { Icon, type IconName } from './Icon';

const screenInfo: Record<ScreenId, { label: string; icon: IconName }> = {
  verify: { label: 'Verify', icon: 'shieldCheck' },
  sign: { label: 'Sign', icon: 'pen' },
  keys: { label: 'Keys', icon: 'key' },
  trusted: { label: 'Trusted signers', icon: 'users' },
  activity: { label: 'Activity', icon: 'activity' },
  settings: { label: 'Settings', icon: 'sliders' },
};

function shortcutFor(index: number): string {
  const mac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
  return `${mac ? 'Meta' : 'Control'}+${index + 1}`;
}

export function Sidebar() {
  const screen = useAppStore((state) => state.screen);
  const navigate = useAppStore((state) => state.navigate);
  return (
    <aside className="sidebar">
      <div className="sidebar__inner">
        <div className="sidebar__brand">
          <Icon name="signet" size={22} className="sidebar__logo" />
          <span className="sidebar__name">Signet</span>
        </div>
        <nav aria-label="Sections">
          <ul className="sidebar__list">
            {screens.map((id, index) => (
              <li key={id}>
                <button
                  type="button"
                  className="sidebar__item"
                  aria-current={screen === id ? 'page' : undefined}
                  aria-keyshortcuts={shortcutFor(index)}
                  // The name as a tooltip too: at the narrow width only the icon shows.
                  title={screenInfo[id].label}
                  onClick={() => navigate(id)}
                >
                  <Icon name={screenInfo[id].icon} size={18} />
                  <span>{screenInfo[id].label}</span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
      </div>
    </aside>
  );
}
