-- Operator decisions (§6.3, §7.2 operator flow).
--
-- Deny reasons are data (DossierFacile's `document_denied_options`): an ADMIN edits them through the
-- back-office. `document_sub_category` null means "any sub-category of the category". A reason is
-- never deleted, only disabled: past denials name it.
create table rental.document_denied_options (
  id serial primary key,
  code text not null unique,
  message_value text not null,
  document_category text not null,
  document_sub_category text,
  document_user_type text not null check (document_user_type in ('tenant', 'guarantor')),
  disabled boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index document_denied_options_by_category on rental.document_denied_options (document_user_type, document_category);

-- One row per denied document of a decision (DossierFacile's `document_denied_reasons`): the ticked
-- options as they read at the time (`checked_options` their French texts, `checked_options_id` their
-- ids, in the same order; `checked_codes` their codes, for operators), the operator's comment, the
-- message that told the tenant, and a snapshot of what the document was then (category,
-- sub-category, step, owner). `message_data` is §5.1's flag: true when the options carry their ids
-- (always, here; DossierFacile's oldest rows hold texts only). The comment may hold personal data:
-- the rows go with their document.
create table rental.document_denied_reasons (
  id serial primary key,
  document_id integer not null references rental.documents (id) on delete cascade,
  message_id integer references rental.messages (id) on delete set null,
  checked_options text[] not null default '{}',
  checked_options_id integer[] not null default '{}',
  checked_codes text[] not null default '{}',
  comment text,
  message_data boolean not null default true,
  document_category text not null,
  document_sub_category text not null,
  document_category_step text,
  document_tenant_type text not null check (document_tenant_type in ('tenant', 'guarantor')),
  created_at timestamptz not null default now()
);
create index document_denied_reasons_by_document on rental.document_denied_reasons (document_id);

-- What operators did, one row per act and per document decided, written in the transaction of the
-- act. No foreign keys: the trail outlives the tenant, its documents and the operator account, so it
-- holds ids, codes and decisions only, never personal data (no comment, no amount, no name).
create table rental.operator_audit (
  id bigserial primary key,
  operator_id integer not null,
  action text not null,
  tenant_id integer not null,
  document_id integer,
  decision text,
  details jsonb,
  created_at timestamptz not null default now()
);
create index operator_audit_by_tenant on rental.operator_audit (tenant_id, id);

insert into rental.document_denied_options (code, message_value, document_category, document_sub_category, document_user_type) values
  -- Tenant: identification
  ('FRENCH_IDENTITY_CARD_001', 'La carte d''identité doit être fournie recto et verso.', 'IDENTIFICATION', 'FRENCH_IDENTITY_CARD', 'tenant'),
  ('FRENCH_IDENTITY_CARD_002', 'La carte d''identité fournie est expirée depuis plus de 5 ans.', 'IDENTIFICATION', 'FRENCH_IDENTITY_CARD', 'tenant'),
  ('FRENCH_PASSPORT_001', 'Le passeport doit être fourni en entier (page avec la photo et page de signature).', 'IDENTIFICATION', 'FRENCH_PASSPORT', 'tenant'),
  ('FRENCH_PASSPORT_002', 'Le passeport fourni est expiré.', 'IDENTIFICATION', 'FRENCH_PASSPORT', 'tenant'),
  ('FRENCH_RESIDENCE_PERMIT_001', 'Le titre de séjour doit être fourni recto et verso et être en cours de validité.', 'IDENTIFICATION', 'FRENCH_RESIDENCE_PERMIT', 'tenant'),
  ('DRIVERS_LICENSE_001', 'Le permis de conduire doit être fourni recto et verso.', 'IDENTIFICATION', 'DRIVERS_LICENSE', 'tenant'),
  ('FRANCE_IDENTITE_001', 'L''attestation France Identité est expirée ou n''a pas pu être vérifiée.', 'IDENTIFICATION', 'FRANCE_IDENTITE', 'tenant'),
  ('T_IDENTIFICATION_001', 'Le document n''est pas une pièce d''identité.', 'IDENTIFICATION', null, 'tenant'),
  ('T_IDENTIFICATION_002', 'Le nom sur la pièce d''identité ne correspond pas au nom déclaré.', 'IDENTIFICATION', null, 'tenant'),
  ('T_IDENTIFICATION_003', 'Le document est illisible, flou ou coupé.', 'IDENTIFICATION', null, 'tenant'),
  -- Tenant: residency
  ('T_TENANT_001', 'Les trois dernières quittances de loyer sont attendues.', 'RESIDENCY', 'TENANT', 'tenant'),
  ('T_TENANT_002', 'Les quittances fournies ne sont pas à votre nom.', 'RESIDENCY', 'TENANT', 'tenant'),
  ('T_OWNER_001', 'Le dernier avis de taxe foncière (ou un titre de propriété) est attendu.', 'RESIDENCY', 'OWNER', 'tenant'),
  ('T_GUEST_001', 'L''attestation d''hébergement doit être datée et signée par l''hébergeant.', 'RESIDENCY', 'GUEST', 'tenant'),
  ('T_GUEST_010', 'Il manque la pièce d''identité de l''hébergeant ou un justificatif de son domicile.', 'RESIDENCY', 'GUEST', 'tenant'),
  ('T_GUEST_ORGANISM_001', 'L''attestation de l''organisme d''hébergement de moins de trois mois est attendue.', 'RESIDENCY', 'GUEST_ORGANISM', 'tenant'),
  ('T_RESIDENCY_001', 'Le document ne justifie pas votre situation d''hébergement actuelle.', 'RESIDENCY', null, 'tenant'),
  ('T_RESIDENCY_002', 'Le document est illisible, flou ou coupé.', 'RESIDENCY', null, 'tenant'),
  -- Tenant: professional
  ('T_CDI_001', 'Le contrat de travail doit être complet et signé, ou remplacé par une attestation employeur de moins de trois mois.', 'PROFESSIONAL', 'CDI', 'tenant'),
  ('T_CDD_001', 'Le contrat de travail à durée déterminée doit être complet et indiquer sa date de fin.', 'PROFESSIONAL', 'CDD', 'tenant'),
  ('T_STUDENT_001', 'Un certificat de scolarité pour l''année en cours est attendu.', 'PROFESSIONAL', 'STUDENT', 'tenant'),
  ('T_RETIRED_001', 'Un justificatif de retraite (titre de pension ou relevé) est attendu.', 'PROFESSIONAL', 'RETIRED', 'tenant'),
  ('T_INDEPENDENT_001', 'Un extrait Kbis, un avis de situation Sirene ou une carte professionnelle récente est attendu.', 'PROFESSIONAL', 'INDEPENDENT', 'tenant'),
  ('T_UNEMPLOYED_001', 'Une attestation d''inscription à France Travail de moins de trois mois est attendue.', 'PROFESSIONAL', 'UNEMPLOYED', 'tenant'),
  ('T_PROFESSIONAL_001', 'Le document ne correspond pas à la situation professionnelle déclarée.', 'PROFESSIONAL', null, 'tenant'),
  ('T_PROFESSIONAL_002', 'Le document est illisible, flou ou coupé.', 'PROFESSIONAL', null, 'tenant'),
  -- Tenant: financial
  ('T_SALARY_001', 'Les trois derniers bulletins de salaire sont attendus.', 'FINANCIAL', 'SALARY', 'tenant'),
  ('T_SALARY_002', 'Le montant déclaré ne correspond pas aux bulletins de salaire fournis.', 'FINANCIAL', 'SALARY', 'tenant'),
  ('T_SCHOLARSHIP_001', 'L''avis d''attribution de bourse pour l''année en cours est attendu.', 'FINANCIAL', 'SCHOLARSHIP', 'tenant'),
  ('T_SOCIAL_SERVICE_001', 'Une attestation de paiement des prestations sociales de moins de trois mois est attendue.', 'FINANCIAL', 'SOCIAL_SERVICE', 'tenant'),
  ('T_RENT_001', 'Un justificatif des rentes perçues (bail et quittances, ou relevé) est attendu.', 'FINANCIAL', 'RENT', 'tenant'),
  ('T_PENSION_001', 'Le dernier relevé de pension est attendu.', 'FINANCIAL', 'PENSION', 'tenant'),
  ('T_NO_INCOME_001', 'L''explication de l''absence de revenus est insuffisante.', 'FINANCIAL', 'NO_INCOME', 'tenant'),
  ('T_FINANCIAL_001', 'Le montant mensuel déclaré ne correspond pas aux justificatifs.', 'FINANCIAL', null, 'tenant'),
  -- Tenant: tax
  ('T_MY_NAME_001', 'Le dernier avis d''imposition complet (toutes les pages) est attendu.', 'TAX', 'MY_NAME', 'tenant'),
  ('T_MY_NAME_002', 'L''avis d''imposition fourni n''est pas le plus récent.', 'TAX', 'MY_NAME', 'tenant'),
  ('T_MY_PARENTS_001', 'L''explication du rattachement au foyer fiscal des parents est attendue.', 'TAX', 'MY_PARENTS', 'tenant'),
  ('T_OTHER_TAX_001', 'L''explication de l''absence d''avis d''imposition est insuffisante.', 'TAX', 'OTHER_TAX', 'tenant'),
  ('T_TAX_001', 'Le document n''est pas un avis d''imposition.', 'TAX', null, 'tenant'),
  -- Guarantor (natural person)
  ('G_FRENCH_IDENTITY_CARD_001', 'La carte d''identité du garant doit être fournie recto et verso.', 'IDENTIFICATION', 'FRENCH_IDENTITY_CARD', 'guarantor'),
  ('G_IDENTIFICATION_001', 'Le nom sur la pièce d''identité ne correspond pas au garant déclaré.', 'IDENTIFICATION', null, 'guarantor'),
  ('G_RESIDENCY_001', 'Le justificatif de domicile du garant est attendu (quittance, taxe foncière ou attestation d''hébergement).', 'RESIDENCY', null, 'guarantor'),
  ('G_CDI_001', 'Le contrat de travail du garant doit être complet et signé, ou remplacé par une attestation employeur récente.', 'PROFESSIONAL', 'CDI', 'guarantor'),
  ('G_RETIRED_001', 'Un justificatif de retraite du garant est attendu.', 'PROFESSIONAL', 'RETIRED', 'guarantor'),
  ('G_PROFESSIONAL_001', 'Le document ne correspond pas à la situation professionnelle déclarée pour le garant.', 'PROFESSIONAL', null, 'guarantor'),
  ('G_SALARY_001', 'Les trois derniers bulletins de salaire du garant sont attendus.', 'FINANCIAL', 'SALARY', 'guarantor'),
  ('G_FINANCIAL_001', 'Le montant mensuel déclaré pour le garant ne correspond pas aux justificatifs.', 'FINANCIAL', null, 'guarantor'),
  ('G_MY_NAME_001', 'Le dernier avis d''imposition complet du garant est attendu.', 'TAX', 'MY_NAME', 'guarantor'),
  ('G_TAX_001', 'Le document n''est pas un avis d''imposition du garant.', 'TAX', null, 'guarantor'),
  -- Guarantor (organism, legal person)
  ('G_VISALE_001', 'Le visa Visale doit être au nom du locataire et en cours de validité.', 'GUARANTEE_PROVIDER_CERTIFICATE', 'VISALE', 'guarantor'),
  ('G_OTHER_GUARANTEE_001', 'Le certificat de l''organisme garant est incomplet ou expiré.', 'GUARANTEE_PROVIDER_CERTIFICATE', 'OTHER_GUARANTEE', 'guarantor'),
  ('G_LEGAL_PERSON_001', 'Un extrait Kbis de moins de trois mois de la personne morale garante est attendu.', 'IDENTIFICATION_LEGAL_PERSON', null, 'guarantor'),
  ('G_REPRESENTATIVE_001', 'La pièce d''identité du représentant de la personne morale est attendue.', 'IDENTIFICATION', null, 'guarantor');
