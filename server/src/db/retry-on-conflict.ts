import { UniqueConstraintError } from 'sequelize';

/**
 * Two requests creating the same row race on a unique key; the loser retries and finds the winner's
 * row instead of failing (Chatwoot's contact-inbox builder does the same).
 */
export async function retryOnConflict<T>(operation: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof UniqueConstraintError) || attempt >= attempts) throw error;
    }
  }
}
