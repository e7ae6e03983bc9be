import { BrokerError } from '../errors.ts';
import {
  COLLECTIONS,
  CREDIT,
  PROJECT_KEYS,
  WISHES_KEYS,
  emptyContent,
  pick,
  type DossierContent,
  type Entity,
  type IdGenerator,
} from './model.ts';
import * as F from './schemas/fields.ts';
import type { ProspectBody, ProspectCompletBody } from './schemas/create.ts';

/** A contact prospect (§6) becomes a file with one borrower. */
export function contentFromProspect(body: ProspectBody, newId: IdGenerator): DossierContent {
  const content = emptyContent();
  content.emprunteurs.push({
    idemprunteur: newId(),
    ...COLLECTIONS.emprunteurs.defaults,
    nom: body.nom,
    prenom: body.prenom,
    email: body.email,
    telephone: body.tel,
    numero: 0,
  });
  return content;
}

const JOB_FIELDS = Object.keys(F.borrowerJobInline);
const IDENTITY_FIELDS = Object.keys(F.borrowerIdentity);
const fields = (keys: string[]) => keys.slice(1); // drop the id key

/**
 * A complete prospect (§7) is reshaped into the stored (output) shape: the job fields of each
 * borrower become a `situationprofessionnelle`, single objects become one-element collections,
 * and the two amounts `autresrevenus`/`autrescharges` become a revenue and a charge of borrower 0.
 */
export function contentFromProspectComplet(body: ProspectCompletBody, newId: IdGenerator): DossierContent {
  const content = emptyContent();
  body.emprunteurs.forEach((input, numero) => {
    const borrower = input as Entity;
    content.emprunteurs.push({
      idemprunteur: newId(),
      ...COLLECTIONS.emprunteurs.defaults,
      ...withoutNulls(pick(borrower, IDENTITY_FIELDS)),
      numero,
    });
    const job = pick(borrower, JOB_FIELDS);
    if (Object.values(job).some((v) => v !== null && v !== '')) {
      const situation: Entity = { idsituationprofessionnelle: newId(), numeroemprunteur: numero };
      for (const [key, value] of Object.entries(job)) situation[F.INLINE_JOB_RENAMES[key] ?? key] = value;
      content.situationsprofessionnelles.push(situation);
    }
  });
  if (body.projet) content.projet = pick(body.projet as Entity, PROJECT_KEYS);
  for (const child of body.enfants ?? []) {
    content.enfants.push({ idenfant: newId(), ...pick(child as Entity, fields(COLLECTIONS.enfants.keys)) });
  }
  (body.biens ?? []).forEach((input, index) => {
    const property = input as Entity & { credit?: Entity | null };
    if (property.bienpaye === true && property.credit) {
      throw new BrokerError('PAID_PROPERTY_WITH_CREDIT', [
        { field: `$.biens[${index}].credit`, message: 'a property already paid cannot have a credit' },
      ]);
    }
    const credits = property.credit ? [newCredit(property.credit, newId)] : [];
    const propertyFields = fields(COLLECTIONS.biens.keys).filter((k) => k !== 'credits');
    content.biens.push({
      idbien: newId(),
      numeroemprunteur1: 0,
      numeroemprunteur2: null,
      ...pick(property, propertyFields),
      credits,
    });
  });
  for (const credit of body.creditsconso ?? []) content.creditsconso.push(newCredit(credit as Entity, newId));
  if (isAmount(body.autresrevenus)) {
    content.autresrevenus.push({
      idrevenu: newId(), numeroemprunteur: 0, libelle: 'Autres revenus', montant: body.autresrevenus,
      commentaire: '', avantprojet: true, apresprojet: true,
    });
  }
  if (isAmount(body.autrescharges)) {
    content.autrescharges.push({
      idcharge: newId(), numeroemprunteur: 0, libelle: 'Autres charges', montant: body.autrescharges,
      avantprojet: true, apresprojet: true,
    });
  }
  if (body.situationbancaire) {
    content.situationsbancaires.push({
      idsituation: newId(), numeroemprunteur1: 0, numeroemprunteur2: null,
      ...pick(body.situationbancaire as Entity, fields(COLLECTIONS.situationsbancaires.keys).slice(2)),
    });
  }
  if (body.souhaitsclient) content.souhaitsclient = pick(body.souhaitsclient as Entity, WISHES_KEYS);
  if (body.simulation) {
    content.simulations.push({ idsimulation: newId(), ...pick(body.simulation as Entity, fields(COLLECTIONS.simulations.keys)) });
  }
  return content;
}

function newCredit(input: Entity, newId: IdGenerator): Entity {
  return { idcredit: newId(), numeroemprunteur1: 0, numeroemprunteur2: null, ...pick(input, fields(CREDIT.keys).slice(2)) };
}

const isAmount = (v: unknown): v is number => typeof v === 'number';

/** A `null` sent for an optional field means "unknown", which must not override a default. */
function withoutNulls(entity: Entity): Entity {
  return Object.fromEntries(Object.entries(entity).filter(([, v]) => v !== null));
}
