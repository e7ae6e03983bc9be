import { calculateCapacity, CapacityBody, CapacityResponse } from '../calculators/capacity.ts';
import { finiteResult, OUTPUT_DRIVERS } from '../calculators/finite-result.ts';
import { warmCalculators } from '../calculators/warm.ts';
import type { BrokerApp } from '../http/context.ts';
import { brokerResponses } from '../http/responses.ts';

export default function route(app: BrokerApp) {
  warmCalculators();
  app.post(
    '/calculatricecapaciteemprunt',
    {
      schema: {
        operationId: 'calculateBorrowingCapacity',
        tags: ['Calculatrices'],
        summary: 'Calculatrice de capacité d’emprunt (guide §13)',
        description:
          'Envoyez exactement un des deux champs `mensualite` et `endettement` : les deux → "Invalid form.", aucun → ' +
          '"Incomplete form.". `endettement` ≤ 50 %, `mensualite` ≤ 50 % de `revenumensuel`, `duree` ≤ 540 mois.\n\n' +
          '`capacite` = valeur actuelle de `duree` mensualités au taux mensuel `taux / 1200` ; `valeurbien = 0,9 × ' +
          'capacite` (10 % gardés pour les frais). Comme le guide, la réponse rend l’`endettement` si la mensualité a ' +
          'été fournie, la `mensualite` sinon. L’exemple du guide (2 000 €, 1,80 %, 33 %, 300 mois) donne exactement ' +
          '159349.00413884307, 143414.10372495875 et 660.\n\n' +
          'Aucune règle datée n’intervient : pas de `dateeffet` ici. Clé ajoutée : `respectehcsf`, vrai si ' +
          'l’endettement est ≤ 35 % et la durée ≤ 300 mois (norme HCSF D-HCSF-2021-7 ; l’assurance, non saisie, ' +
          'n’est pas comptée).',
        body: CapacityBody,
        response: brokerResponses(CapacityResponse, { body: true }),
      },
    },
    (request) => finiteResult(calculateCapacity(request.body), OUTPUT_DRIVERS.capacity),
  );
}
