import type { DossierContent, Entity } from './model.ts';

/**
 * `avancement` and `etape` of the list (guide §8), which the guide leaves undefined. A file has six
 * sections every loan application needs; `avancement` is the share filled, in whole percent, and
 * `etape` names the first section still missing, or "Dossier complet". Optional collections
 * (children, owned properties, consumer credits, other incomes and charges) can legitimately be
 * empty, so they do not count.
 */
export const SECTIONS: { etape: string; filled: (c: DossierContent) => boolean }[] = [
  {
    etape: 'Emprunteurs',
    filled: (c) => c.emprunteurs.length > 0 && c.emprunteurs.every((b) => has(b, 'datenaissance', 'situationfamiliale', 'adresse', 'codepostal', 'ville')),
  },
  {
    etape: 'Situation professionnelle',
    filled: (c) => c.emprunteurs.every((b) => c.situationsprofessionnelles.some((s) => s.numeroemprunteur === b.numero && has(s, 'categorie', 'salairemensuel'))),
  },
  { etape: 'Projet', filled: (c) => c.projet !== null && has(c.projet, 'natureprojet', 'typebien') },
  { etape: 'Situation bancaire', filled: (c) => c.situationsbancaires.length > 0 },
  { etape: 'Souhaits client', filled: (c) => c.souhaitsclient !== null && has(c.souhaitsclient, 'duree') },
  { etape: 'Simulation', filled: (c) => c.simulations.some((s) => has(s, 'coutprojethorsfrais')) },
];

export const COMPLETE = 'Dossier complet';

function has(entity: Entity, ...keys: string[]): boolean {
  return keys.every((k) => entity[k] !== undefined && entity[k] !== null && entity[k] !== '');
}

export function progressOf(content: DossierContent): { avancement: number; etape: string } {
  const filled = SECTIONS.map((s) => s.filled(content));
  const missing = filled.indexOf(false);
  return {
    avancement: Math.round((filled.filter(Boolean).length / SECTIONS.length) * 100),
    etape: missing < 0 ? COMPLETE : SECTIONS[missing]!.etape,
  };
}
