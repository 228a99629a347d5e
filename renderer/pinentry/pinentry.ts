import type { PinentryBridge, PinentryPromptView } from '../../shared/ipc/contract';
import { passphraseStrength } from '../lib/passphrase-strength';
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

function render(prompt: PinentryPromptView): void {
  if (!root) return;
  const [first, passphrase] = passwordField(
    'passphrase',
    prompt.isNew ? 'New passphrase' : 'Passphrase',
    'strength',
  );
  const repeatField = prompt.isNew ? passwordField('repeat', 'Type it again') : null;
  const strength = element('p', { id: 'strength', className: 'field__hint' });
  const problem = element('p', { className: 'field__error', role: 'alert' });
  if (prompt.attemptText) problem.textContent = prompt.attemptText;
  const submit = element(
    'button',
    { type: 'submit', className: 'button button--primary' },
    prompt.isNew ? 'Use this passphrase' : 'Unlock',
  );
  const cancel = element('button', { type: 'button', className: 'button' }, 'Cancel');
  const form = element(
    'form',
    { className: 'stack', noValidate: true },
    element('h1', {}, prompt.title),
    element('p', {}, prompt.description),
    first,
    ...(prompt.isNew ? [strength] : []),
    ...(repeatField ? [repeatField[0]] : []),
    problem,
    element('div', { className: 'pinentry__actions' }, cancel, submit),
  );
  if (prompt.isNew) {
    passphrase.addEventListener('input', () => {
      const score = passphraseStrength(passphrase.value);
      strength.textContent = passphrase.value ? `${score.label}. ${score.hint}` : '';
    });
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
      problem.textContent = result.ok ? (result.value.error ?? 'Try again.') : result.error;
      passphrase.focus();
    });
  });
  cancel.addEventListener('click', () => void pinentry.cancel());
  root.replaceChildren(form);
  passphrase.focus();
}

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') void pinentry.cancel();
});
pinentry.onPrompt(render);
