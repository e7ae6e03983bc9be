import { BuybackBody, BuybackResponse, calculateBuyback } from '../calculators/buyback.ts';
import { finiteResult, OUTPUT_DRIVERS } from '../calculators/finite-result.ts';
import { warmCalculators } from '../calculators/warm.ts';
import { parisTodayBy } from '../../platform/http/paris-dates.ts';
import type { BrokerApp, BrokerDeps } from '../http/context.ts';
import { brokerResponses } from '../http/responses.ts';

export default function route(app: BrokerApp, deps: BrokerDeps) {
  warmCalculators();
  const today = parisTodayBy(deps.now);
  app.post(
    '/calculatricerachatpret',
    {
      schema: {
        operationId: 'calculateLoanBuyback',
        tags: ['Calculatrices'],
        summary: 'Calculatrice de rachat de prêt (guide §14)',
        description:
          '`daterachat` doit être postérieure ou égale à la date du jour (Europe/Paris), sinon "Invalid form." sur ' +
          '`$.daterachat` ; le prêt en cours ne doit pas être terminé à cette date. Aucune règle datée n’intervient : ' +
          'pas de `dateeffet` ici (les plafonds d’IRA de R313-25 sont inchangés).\n\n' +
          'Calcul : l’échéance k du prêt en cours tombe `datedebutancien + k mois` ; sont payées celles échues à ' +
          '`daterachat` (`detail.moisecoules`), restent `dureeancien − moisecoules`. Le capital racheté ' +
          '(`detail.crd`) est le capital restant dû après la dernière échéance payée. IRA = min(3 % du CRD, 6 mois ' +
          'd’intérêts au taux du prêt) ; nouveau capital = CRD + IRA + frais. Assurance du prêt en cours sur le ' +
          'capital initial (CI, prime constante) ou sur le capital restant dû avant chaque échéance (CRD, prime ' +
          'dégressive ; la ligne 3 donne alors la première échéance restante) ; assurance du nouveau prêt sur son ' +
          'capital initial. Chaque mensualité est arrondie au centime après ajout de l’assurance, comme le guide ; ' +
          'coût = total des mensualités − capital financé ; `resultats` = [ancien, nouveau, ancien − nouveau] pour le ' +
          'nombre de mensualités, la mensualité hors assurance, la mensualité assurance comprise et le coût restant.\n\n' +
          'Pourquoi l’exemple du guide n’est pas reproduit : ses entrées ne peuvent pas donner sa réponse. Du ' +
          '01/01/2014 au 11/04/2022 il y a 99 échéances payées, donc 101 restantes et un CRD de 79 804,47 € (Foyer ' +
          'répond alors gaintresorerie 1447.71, gaincoutcredit 2566.44). Ses chiffres supposent 111 échéances ' +
          'payées (un rachat en avril 2023) et mélangent deux comptes : 89 échéances restantes (n° 112 à 200) mais ' +
          'le CRD après la 112e (70 015,29 €) au lieu de celui après la 111e (70 773,21 €), ce qui surestime le coût ' +
          'restant de l’ancien prêt du capital de l’échéance 112 (757,92 €). Foyer fait le calcul cohérent : avec ' +
          'daterachat 01/04/2023, 89 échéances restantes, CRD 70 773,21 €, IRA 460,03 €, nouveau capital 71 833,24 €, ' +
          'gaintresorerie 728.09 et gaincoutcredit 1788.12 (le guide imprime 1523.99 et 2579.09).\n\n' +
          'Clé ajoutée à la réponse du guide : `detail` (moisecoules, crd, ira, nouveaucapital).',
        body: BuybackBody,
        response: brokerResponses(BuybackResponse, { body: true }),
      },
    },
    (request) => finiteResult(calculateBuyback(request.body, today()), OUTPUT_DRIVERS.buyback),
  );
}
