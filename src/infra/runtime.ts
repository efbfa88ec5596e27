import type { TConfig } from '../config.js';
import { SecretBox } from './secret-box.js';

/** The encryption keyring: configured keys in production, a fixed development key otherwise. */
export function secretBoxFor(config: TConfig): SecretBox {
  if (config.ENCRYPTION_KEYS) return new SecretBox(config.ENCRYPTION_KEYS);
  if (config.NODE_ENV === 'production') throw new Error('ENCRYPTION_KEYS is required in production');
  return SecretBox.development();
}
