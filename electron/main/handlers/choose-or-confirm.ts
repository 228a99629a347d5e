import type { Confirmation, ConfirmPort } from './types';

/**
 * main's three-button question (Cancel, go ahead, a second way to go ahead); where the port offers
 * only two buttons, the alternative is not offered and the answer is go ahead or cancel.
 */
export async function chooseOrConfirm(
  port: ConfirmPort,
  request: Confirmation & { alternativeLabel: string },
): Promise<'confirm' | 'alternative' | 'cancel'> {
  if (port.choose) return port.choose(request);
  const { alternativeLabel: _notOffered, ...twoButtons } = request;
  return (await port.confirm(twoButtons)) ? 'confirm' : 'cancel';
}
