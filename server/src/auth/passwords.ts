import { argon2id, hash, verify } from 'argon2';

/**
 * argon2id with the library's defaults (64 MiB, 3 passes): memory-hard, so a leaked users table
 * cannot be brute-forced cheaply on GPUs. The parameters travel inside the hash string, so raising
 * them later keeps old hashes verifiable.
 */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, { type: argon2id });
}

/** False for a wrong password and for a stored hash argon2 cannot parse; a broken row must not become a 500 at login. */
export async function verifyPassword(password: string, passwordHash: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
