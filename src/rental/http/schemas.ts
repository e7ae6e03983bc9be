import { Type } from 'typebox';

export const TenantIdParams = Type.Object({ tenantId: Type.Integer() });

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Optional(t);

const CoTenant = Type.Object(
  {
    id: Type.Integer(),
    firstName: Nullable(Type.String()),
    lastName: Nullable(Type.String()),
    preferredName: Nullable(Type.String()),
    email: Nullable(Type.String()),
    tenantType: Type.String(),
    status: Type.String(),
    ownerType: Type.Optional(Type.String()),
    franceConnect: Type.Boolean(),
    documents: Type.Optional(Type.Array(Type.Unknown())),
    guarantors: Type.Optional(Type.Array(Type.Unknown())),
  },
  { additionalProperties: true },
);

/** §5.1 `FileModel`, an extension for partners (DossierFacile gives them no `files`); `preview` once the thumbnail is rendered. */
const FileModel = Type.Object(
  {
    id: Type.Integer(),
    preview: Type.Optional(Type.String({ description: 'URL of the 300 px wide watermarked JPEG thumbnail (§10.2): `GET /tenant/{tenantId}/file/{id}/preview`' })),
    size: Type.Integer({ description: 'Bytes of the original' }),
    numberOfPages: Type.Integer(),
    contentType: Type.String(),
  },
  { additionalProperties: true },
);

/** §5.1 `DocumentModel`: `name` is absent (null) until the watermarked PDF is rendered, and again while a failed render is not fixed. */
const DocumentModel = Type.Object(
  {
    id: Type.Integer(),
    documentCategory: Type.String(),
    documentSubCategory: Type.String(),
    documentStatus: Type.String(),
    documentDeniedReasons: Type.Optional(
      Type.Object(
        {
          selectedOptions: Type.Array(Type.Object({ id: Type.Union([Type.Integer(), Type.Null()]), label: Type.String() })),
          messageData: Type.Boolean(),
          comment: Type.Optional(Type.String()),
        },
        { description: "While the document is DECLINED: the operator's deny reasons (§5.1) and comment" },
      ),
    ),
    name: Type.Optional(Type.String({ description: 'URL of the watermarked, rasterised PDF (§10.1): `GET /tenant/{tenantId}/document/{id}/pdf`' })),
    files: Type.Optional(Type.Array(FileModel)),
  },
  { additionalProperties: true },
);

/** `TenantModel` (§5.1): null fields are omitted, hence the optional keys. */
export const TenantModelSchema = Type.Object(
  {
    id: Type.Integer(),
    firstName: Type.Optional(Type.String()),
    lastName: Type.Optional(Type.String()),
    preferredName: Type.Optional(Type.String()),
    ownerType: Type.Optional(Type.String()),
    zipCode: Type.Optional(Type.String()),
    abroad: Type.Optional(Type.Boolean()),
    email: Type.Optional(Type.String()),
    tenantType: Type.String(),
    status: Type.String(),
    honorDeclaration: Type.Boolean(),
    lastUpdateDate: Type.String({ description: 'Paris local date-time, no offset (Jackson ISO)' }),
    clarification: Type.Optional(Type.String()),
    franceConnect: Type.Boolean(),
    apartmentSharing: Type.Object(
      {
        id: Type.Integer(),
        applicationType: Type.String(),
        token: Type.Optional(Type.String({ description: 'Dossier VALIDATED : le jeton du lien PARTNER complet du partenaire.' })),
        tokenPublic: Type.Optional(Type.String({ description: 'Dossier VALIDATED : le jeton du lien PARTNER léger.' })),
        dossierUrl: Type.Optional(Type.String({ description: 'Dossier VALIDATED : la vue propriétaire du lien complet (`GET /api/partage/{token}`).' })),
        dossierPdfUrl: Type.Optional(Type.String({ description: 'Dossier VALIDATED : le PDF du dossier complet (`/api/application/fullPdf/{token}`, §10.3).' })),
        status: Type.String(),
        tenants: Type.Array(CoTenant),
      },
      { additionalProperties: true },
    ),
    documents: Type.Array(DocumentModel),
    guarantors: Type.Array(Type.Unknown()),
  },
  { additionalProperties: true },
);

/** `MessageModel` (§3.2.3). */
export const MessageSchema = Type.Object({
  id: Type.Integer(),
  creationDateTime: Type.String(),
  messageBody: Type.String(),
  typeMessage: Type.String({ enum: ['FROM_TENANT', 'TO_TENANT'] }),
  status: Type.String({ enum: ['READ', 'UNREAD'] }),
});
