import type { DossierContent } from './model.ts';
import { progressOf } from './progress.ts';

/** The list columns (guide §8) derived from a file's content, stored beside it for fast listing. */
export function summaryOf(content: DossierContent) {
  const principal = content.emprunteurs.find((b) => b.numero === 0) ?? content.emprunteurs[0];
  const name = principal ? [String(principal.nom ?? '').toUpperCase(), principal.prenom ?? ''].join(' ').trim() : null;
  const { avancement, etape } = progressOf(content);
  return {
    emprunteur: name || null,
    email: (principal?.email as string | undefined) ?? null,
    natureprojet: (content.projet?.natureprojet as string | undefined) ?? null,
    dateconditionsuspensive: (content.projet?.conditionsuspensivepret as string | undefined) || null,
    datesignature: (content.projet?.signatureacte as string | undefined) || null,
    avancement,
    etape,
  };
}
