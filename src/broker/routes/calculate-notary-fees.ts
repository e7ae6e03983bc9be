import { Type, type Static } from 'typebox';
import { calculateNotaryFees, type NotaryResult } from '../calculators/notary/notary.ts';
import { NotaryBody } from '../calculators/notary/notary.schema.ts';
import { finiteResult, OUTPUT_DRIVERS } from '../calculators/finite-result.ts';
import { warmCalculators } from '../calculators/warm.ts';
import { parisTodayBy } from '../../platform/http/paris-dates.ts';
import type { BrokerApp, BrokerDeps } from '../http/context.ts';
import { brokerResponses } from '../http/responses.ts';

const euros = (description: string) => Type.Number({ description: `${description}, en euros.` });
// `type: [x, 'null']` rather than anyOf: exact, and serialized without a branch test.
const nullable = <T>(type: 'string' | 'number', description: string) =>
  Type.Unsafe<T | null>({ type: [type, 'null'], description });

const NotaryResponse = Type.Object({
  fraisnotaire: euros('Frais d’acquisition (« frais de notaire ») au centime : somme des montants de `detail`'),
  detail: Type.Object(
    {
      assiette: euros('Assiette : prix, mobilier déduit pour une Acquisition ou une Acquisition + travaux'),
      regime: Type.Enum(['ancien', 'neuf', 'sans acquisition'], { description: 'Régime des droits appliqué.' }),
      bareme: Type.String({ description: 'Barème des émoluments appliqué ("2016", "2021").' }),
      emoluments: euros('Émoluments proportionnels hors taxes (barème A444-91, écrêtement R444-9)'),
      tauxtva: Type.Number({ description: 'Taux de TVA sur les émoluments, en %.' }),
      tvaemoluments: euros('TVA sur les émoluments'),
      departement: nullable<string>('string', 'Département retenu, ou null s’il n’est pas renseigné.'),
      tauxdepartemental: nullable<number>('number', 'Taux départemental des droits de mutation en %, null pour le neuf.'),
      tauxdroits: Type.Number({ description: 'Taux total des droits appliqué à l’assiette, en % (6.3185, 0.715…).' }),
      droitsmutation: euros('Droits de mutation (ancien)'),
      taxepublicitefonciere: euros('Taxe de publicité foncière (neuf)'),
      contributionsecurite: euros('Contribution de sécurité immobilière, 0,10 % (minimum 15 €)'),
      formalites: euros('Formalités et débours, forfait estimé'),
      dateeffet: Type.String({ description: 'Date dont les règles ont été appliquées, "dd/mm/yyyy".' }),
    },
    { description: 'Ajout : le détail du calcul.' },
  ),
  hypotheses: Type.Array(Type.String(), { description: 'Ajout : règles et hypothèses retenues, en français.' }),
});

// Compile-time proof that the response schema describes exactly what the calculator returns.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type _NotaryResponseIsExact = Assert<Same<Static<typeof NotaryResponse>, NotaryResult>>;

export default function route(app: BrokerApp, deps: BrokerDeps) {
  warmCalculators();
  const today = parisTodayBy(deps.now);
  app.post(
    '/fraisnotaire',
    {
      schema: {
        operationId: 'calculateNotaryFees',
        tags: ['Calculatrices'],
        summary: 'Calcul des frais de notaire (guide §15)',
        description:
          '`dateeffet` (facultatif, "dd/mm/yyyy", par défaut la date du jour à Paris) est la date de l’acte : elle ' +
          'choisit les règles en vigueur à cette date — barème des émoluments de 2016 (du 01/05/2016 au 31/12/2020) ' +
          'ou de 2021 (depuis le 01/01/2021, reconduit jusqu’au 29/02/2028), taux départementaux des droits de ' +
          'mutation (table datée, majoration possible à 5,00 % pour les actes du 01/04/2025 au 31/03/2028), taxes et ' +
          'forfait de formalités. Avant le 01/05/2016 : "Invalid form.". Une nouvelle table est une donnée, pas du code.\n\n' +
          'Calcul : émoluments proportionnels + TVA ; pour l’ancien, droits de mutation = taux départemental + 1,20 % ' +
          'communal + frais d’assiette de 2,37 % de la part départementale (le primo-accédant achetant sa résidence ' +
          'principale est exclu de la majoration à 5,00 %) ; pour le neuf, taxe de publicité foncière de 0,715 % ; ' +
          'contribution de sécurité immobilière 0,10 % (minimum 15 €) ; forfait de formalités et débours. Le ' +
          'mobilier est déduit de l’assiette pour une Acquisition ou une Acquisition + travaux, comme le guide.\n\n' +
          'Entrées ajoutées (facultatives) : `codepostal` ou `departement`, et `primoaccedant`. Sans département, le ' +
          'taux le plus répandu est appliqué et `hypotheses` le dit.\n\n' +
          'Règles d’époque : l’exemple du guide (Neuf, Acquisition, prix 160 000 € dont 10 000 € de mobilier) donne ' +
          'exactement 4534.19 avec une `dateeffet` antérieure au 01/01/2021 (barème 2016) ; avec les règles actuelles, ' +
          '4497.40.\n\n' +
          'Clés ajoutées à la réponse du guide (`fraisnotaire`) : `detail` (le décompte) et `hypotheses`.',
        body: NotaryBody,
        response: brokerResponses(NotaryResponse, { body: true }),
      },
    },
    (request) => finiteResult(calculateNotaryFees(request.body, today()), OUTPUT_DRIVERS.notary),
  );
}
