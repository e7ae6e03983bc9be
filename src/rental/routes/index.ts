import type { RentalApp } from '../http/context.ts';
import { getProfile } from './get-profile.ts';
import { registerAccount } from './register-account.ts';

/** Every operation of the partner API, one file each. */
export const RENTAL_ROUTES: ((app: RentalApp) => void)[] = [registerAccount, getProfile];
