import '../../electron/cli/zod-jitless';
import { describe, expect, it } from 'vitest';
import { config } from 'zod';

describe('zod without compiled parsers in the CLI', () => {
  it('takes the setting the CLI makes before zod loads, without importing zod', () => {
    // electron/cli/zod-jitless.ts writes zod's global settings object by name; a zod that kept
    // them elsewhere would compile parsers with `new Function` again, which the code cache cannot hold.
    expect(config().jitless).toBe(true);
  });
});
