import type { PinentryBridge, PinentryPromptView } from '../../shared/ipc/pinentry';
import { newPassphraseRefusal } from '../../shared/new-passphrase-rule';
import { passphraseStrength } from '../../shared/passphrase-strength';
import './pinentry.css';

/**
 * main's passphrase window (like GnuPG's pinentry). Its page shows what main wrote (which key, why,
 * which try) and sends the passphrase straight to main; the main window never sees it. Plain DOM: the
 * page is a few fields, and a small bundle keeps the window quick to open.
 */

const pinentry = (window as unknown as { pinentry: PinentryBridge }).pinentry;
const root = document.getElementById('pinentry');

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> & { className?: string } = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function passwordField(id: string, label: string, describedBy?: string): [HTMLElement, HTMLInputElement] {
  const input = element('input', { id, type: 'password', className: 'input', autocomplete: 'off' });
  input.spellcheck = false;
  if (describedBy) input.setAttribute('aria-describedby', describedBy);
  const field = element(
    'div',
    { className: 'field' },
    element('label', { className: 'field__label', htmlFor: id }, label),
    input,
  );
  return [field, input];
}

/** The same meter as the app's: bars drawn from the score, and the label and hint in words. */
function showStrength(target: HTMLElement, typed: string): void {
  if (!typed) {
    target.textContent = 'Four or more unrelated words are strong and easy to remember.';
    return;
  }
  const strength = passphraseStrength(typed);
  const bars = element('div', { className: 'strength__bars' });
  bars.setAttribute('aria-hidden', 'true');
  for (let i = 0; i < 4; i += 1) {
    bars.append(
      element('span', {
        className: i < strength.score ? 'strength__bar strength__bar--on' : 'strength__bar',
      }),
    );
  }
  // Said before the person submits: main refuses a very weak passphrase for a new key.
  const refused = newPassphraseRefusal(typed)
    ? ' Signet does not accept a very weak passphrase for a key.'
    : '';
  const text = element(
    'p',
    { className: 'strength__text' },
    element('span', { className: 'strength__label' }, `Strength: ${strength.label}.`),
    ` ${strength.hint}${refused}`,
  );
  target.replaceChildren(element('div', { className: `strength strength--${strength.score}` }, bars, text));
}

function render(prompt: PinentryPromptView): void {
  if (!root) return;
  // What went wrong with the last try is tied to the field it is about, and shown right under it.
  const [first, passphrase] = passwordField(
    'passphrase',
    prompt.isNew ? 'New passphrase' : 'Passphrase',
    prompt.isNew ? 'passphrase-problem strength' : 'passphrase-problem',
  );
  const repeatField = prompt.isNew ? passwordField('repeat', 'Type it again') : null;
  const strength = element('div', { id: 'strength', className: 'field__hint' });
  strength.textContent = 'Four or more unrelated words are strong and easy to remember.';
  const problem = element('p', { id: 'passphrase-problem', className: 'field__error', role: 'alert' });
  const showProblem = (text: string) => {
    problem.textContent = text;
    if (text) passphrase.setAttribute('aria-invalid', 'true');
    else passphrase.removeAttribute('aria-invalid');
  };
  showProblem(prompt.attemptText ?? '');
  const submit = element(
    'button',
    { type: 'submit', className: 'button button--primary' },
    prompt.isNew ? 'Use this passphrase' : 'Unlock',
  );
  const cancel = element('button', { type: 'button', className: 'button' }, 'Cancel');
  // An imported key may keep its own passphrase: main said so; the fields then stay empty.
  const keep = prompt.mayKeep
    ? element('button', { type: 'button', className: 'button' }, 'Keep its passphrase')
    : null;
  const form = element(
    'form',
    { className: 'stack', noValidate: true },
    element('h1', {}, prompt.title),
    element('p', {}, prompt.description),
    first,
    problem,
    ...(prompt.isNew ? [strength] : []),
    ...(repeatField ? [repeatField[0]] : []),
    ...(keep ? [element('div', { className: 'pinentry__keep' }, keep)] : []),
    element('div', { className: 'pinentry__actions' }, cancel, submit),
  );
  if (prompt.isNew) {
    passphrase.addEventListener('input', () => showStrength(strength, passphrase.value));
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    const typed = passphrase.value;
    const repeat = repeatField?.[1].value;
    // Cleared at once: the field does not keep the passphrase while main checks it.
    passphrase.value = '';
    if (repeatField) repeatField[1].value = '';
    void pinentry.submit(typed, repeat).then((result) => {
      submit.disabled = false;
      if (result.ok && result.value.accepted) {
        form.replaceChildren(element('p', { role: 'status' }, 'Checking…'));
        return;
      }
      showProblem(result.ok ? (result.value.error ?? 'Try again.') : result.error);
      passphrase.focus();
    });
  });
  cancel.addEventListener('click', () => void pinentry.cancel());
  keep?.addEventListener('click', () => {
    passphrase.value = '';
    if (repeatField) repeatField[1].value = '';
    keep.disabled = true;
    void pinentry.submit('', undefined, true).then((result) => {
      keep.disabled = false;
      if (result.ok && result.value.accepted)
        form.replaceChildren(element('p', { role: 'status' }, 'Checking…'));
      else showProblem(result.ok ? (result.value.error ?? 'Try again.') : result.error);
    });
  });
  // A new try starts clean: the last problem no longer describes what is being typed.
  for (const input of [passphrase, repeatField?.[1]]) {
    input?.addEventListener('input', () => {
      if (!prompt.attemptText || problem.textContent !== prompt.attemptText) showProblem('');
    });
  }
  root.replaceChildren(form);
  passphrase.focus();
}

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') void pinentry.cancel();
});
pinentry.onPrompt(render);
