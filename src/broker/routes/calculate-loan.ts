import { calculateLoan, LoanBody, LoanResponse } from '../calculators/loan.ts';
import { finiteResult, OUTPUT_DRIVERS } from '../calculators/finite-result.ts';
import { warmCalculators } from '../calculators/warm.ts';
import type { BrokerApp } from '../http/context.ts';
import { brokerResponses } from '../http/responses.ts';

export default function route(app: BrokerApp) {
  warmCalculators();
  app.post(
    '/calculatriceemprunt',
    {
      schema: {
        operationId: 'calculateLoan',
        tags: ['Calculatrices'],
        summary: 'Calculatrice d’emprunt (guide §11)',
        description:
          'Prêt amortissable à mensualités constantes : `mensualite = montant × r / (1 − (1 + r)^−duree)` avec ' +
          '`r = taux / 1200` (un taux de 0 donne `montant / duree`) ; `totalpaiements = mensualite × duree` ; ' +
          '`totalinterets = totalpaiements − montant` ; `datefin = datedebut + duree mois` (la première échéance ' +
          'tombe un mois après `datedebut`). Les montants sont des doubles non arrondis, comme dans le guide.\n\n' +
          'Aucune règle datée n’intervient : pas de `dateeffet` ici. L’exemple du guide (150 000 €, 180 mois, 1,35 %, ' +
          '01/01/2019) donne `mensualite` 921.0211101134869 (le guide imprime les mêmes 14 premiers chiffres), ' +
          '`datefin` "01/01/2034".\n\n' +
          'Clés ajoutées à la réponse du guide, seulement avec `detail: true` : `echeancier` (tableau ' +
          'd’amortissement, la dernière ligne solde le capital), `assurancemensuelle` (montant × tauxassurance / 1200) ' +
          'et `taeg` (R314-3 : (1 + i)^12 − 1, i égalisant le capital net des frais `fraisdossier`, `fraisgarantie`, ' +
          '`fraiscourtage` et les mensualités assurance comprise). Des frais totaux ≥ montant donnent "Invalid form.".',
        body: LoanBody,
        response: brokerResponses(LoanResponse, { body: true }),
      },
    },
    (request) => finiteResult(calculateLoan(request.body), OUTPUT_DRIVERS.loan),
  );
}
