import { Type, type Static } from 'typebox';
import { calculatePtz, type PtzResult } from '../calculators/ptz/ptz.ts';
import { PtzBody } from '../calculators/ptz/ptz.schema.ts';
import { finiteResult, OUTPUT_DRIVERS } from '../calculators/finite-result.ts';
import { warmCalculators } from '../calculators/warm.ts';
import { parisTodayBy } from '../../platform/http/paris-dates.ts';
import type { BrokerApp, BrokerDeps } from '../http/context.ts';
import { brokerResponses } from '../http/responses.ts';

const PtzEligibleResponse = Type.Object({
  montantmaximum: Type.Number({ description: 'Montant maximal du PTZ, en euros (arrondi au centime inférieur).' }),
  differe: Type.Integer({ description: 'Période de différé total, en mois (rien n’est remboursé).' }),
  duree: Type.Integer({ description: 'Période de remboursement après le différé, en mois (comme le guide : pas la durée totale).' }),
  mensualite: Type.Number({ description: 'montantmaximum / duree, en euros (non arrondie).' }),
  montantautrescredits: Type.Number({ description: 'couttotalprojet − montantmaximum, en euros (sans apport personnel).' }),
  zone: Type.Enum(['Abis', 'A', 'B1', 'B2', 'C'], { description: 'Ajout : zone A bis / A / B1 / B2 / C de la commune.' }),
  tranche: Type.Integer({ description: 'Ajout : tranche de revenus (1 à 4 depuis 2024, 1 à 3 avant).' }),
  quotite: Type.Number({ description: 'Ajout : quotité appliquée, en % du coût retenu (40 = 40 %).' }),
  plafondoperation: Type.Number({ description: 'Ajout : plafond du coût de l’opération pour la zone et le foyer, en euros.' }),
  hypotheses: Type.Array(Type.String(), {
    description: 'Ajout : barème, commune et zone retenues, ressources, plafonnements et hypothèses faites, en français.',
  }),
});

const PtzNotEligibleResponse = Type.Object({
  message: Type.Literal('Projet non éligible'),
  motif: Type.String({ description: 'Ajout : la raison de l’inéligibilité, en français.' }),
});

const PtzResponse = Type.Union([PtzEligibleResponse, PtzNotEligibleResponse], {
  description: 'Projet éligible : montant et profil du PTZ ; sinon `{"message": "Projet non éligible", "motif": …}`.',
});

// Compile-time proof that the response schema describes exactly what the calculator returns.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type _PtzResponseIsExact = Assert<Same<Static<typeof PtzResponse>, PtzResult>>;

export default function route(app: BrokerApp, deps: BrokerDeps) {
  warmCalculators();
  const today = parisTodayBy(deps.now);
  app.post(
    '/calculatriceptz',
    {
      schema: {
        operationId: 'calculatePtz',
        tags: ['Calculatrices'],
        summary: 'Calculatrice PTZ (guide §12)',
        description:
          '`dateeffet` (facultatif, "dd/mm/yyyy", par défaut la date du jour à Paris) est la date d’émission de ' +
          'l’offre de prêt : elle choisit le barème PTZ en vigueur à cette date — offres du 01/01/2016 au 31/12/2017, ' +
          'du 01/01/2018 au 31/03/2024, du 01/04/2024 au 31/03/2025, et depuis le 01/04/2025 (prévu jusqu’au ' +
          '31/12/2027 ; au-delà il reste appliqué faute de barème plus récent, et `hypotheses` le dit). Avant le ' +
          '01/01/2016 : "Invalid form.". Un nouveau barème est un fichier de données, pas du code.\n\n' +
          'Règles : primo-accession (sauf carte ou pension d’invalidité, allocation handicap, catastrophe naturelle), ' +
          'opérations éligibles par zone et par type de logement, ressources = max(revenu fiscal de référence, coût ' +
          'total / 9), coefficient familial, plafonds de ressources, tranches, quotités (plus basses pour une maison), ' +
          'plafonds de coût, différé et durée de remboursement, PTZ ≤ autres prêts (× 1,25 pour une quotité de 50 %).\n\n' +
          'Règles d’époque : l’exemple du guide (Paris "75000", neuf, 200 000 €, revenu fiscal 20 000 €, 3 occupants) ' +
          'redonne exactement sa réponse — montantmaximum 80000, differe 180, duree 120, mensualite ' +
          '666.6666666666666, montantautrescredits 120000 — avec une `dateeffet` du 01/01/2016 au 31/03/2024. Sous ' +
          'les règles depuis le 01/04/2025, les mêmes entrées donnent 100 000 € pour un logement collectif (60 000 € ' +
          'pour une maison), différé de 120 mois puis 180 mois de remboursement.\n\n' +
          'Localisation : la zone A bis / A / B1 / B2 / C vient de la liste officielle par commune INSEE ; 75000, ' +
          '69000 et 13000 désignent Paris, Lyon et Marseille. Si le code postal couvre des communes de zones ' +
          'différentes et que `ville` ne tranche pas, "Invalid form." liste les communes candidates. `typebien` ' +
          '(facultatif) : "Maison" = maison individuelle, toute autre valeur = logement collectif ; absent, le ' +
          'logement collectif est retenu et `hypotheses` le dit.\n\n' +
          'Clés ajoutées à la réponse du guide : `zone`, `tranche`, `quotite`, `plafondoperation`, `hypotheses` ; ' +
          'projet non éligible : `{"message": "Projet non éligible"}` comme le guide, plus `motif`.',
        body: PtzBody,
        response: brokerResponses(PtzResponse, { body: true }),
      },
    },
    (request) => finiteResult(calculatePtz(request.body, { today: today() }), OUTPUT_DRIVERS.ptz),
  );
}
