import { Type } from 'typebox';
import { DENY_CATEGORIES, TENANT_FILE_STATUSES } from '../../rental/index.ts';
import { ROLES } from '../operators/accounts.ts';

export const Id = Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const OperatorModel = Type.Object({ id: Type.Integer(), email: Type.String(), role: Type.Union(ROLES.map((r) => Type.Literal(r))) });
export const MeModel = Type.Object({ operator: OperatorModel, csrfToken: Type.String(), expiresAt: Type.String({ format: 'date-time' }) });

export const FileStatus = Type.Union(TENANT_FILE_STATUSES.map((s) => Type.Literal(s)));

const FileModel = Type.Object({ id: Type.Integer(), originalName: Nullable(Type.String()), contentType: Type.String(), size: Type.Integer(), numberOfPages: Type.Integer(), originalUrl: Type.String() });
export const DocumentModel = Type.Object({
  id: Type.Integer(),
  documentCategory: Type.String(),
  documentSubCategory: Type.String(),
  documentCategoryStep: Nullable(Type.String()),
  documentStatus: Type.String(),
  noDocument: Nullable(Type.Boolean()),
  customText: Nullable(Type.String()),
  monthlySum: Nullable(Type.Integer()),
  lastModifiedDate: Type.String(),
  rendered: Type.Boolean(),
  pdfUrl: Nullable(Type.String({ description: 'The watermarked PDF; null until rendered' })),
  renderError: Nullable(Type.String({ description: 'The last processing failure (a document error code)' })),
  renderFailedAt: Nullable(Type.String()),
  files: Type.Array(FileModel),
  lastDenial: Nullable(
    Type.Object(
      {
        createdAt: Type.String(),
        options: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), label: Type.String() })),
        comment: Nullable(Type.String()),
      },
      { description: 'The last denial of the document: what the tenant was asked to fix' },
    ),
  ),
});

export const MessageModel = Type.Object({
  id: Type.Integer(),
  creationDateTime: Type.String(),
  messageBody: Type.String(),
  typeMessage: Type.String(),
  status: Type.String(),
});

export const OperatorFileModel = Type.Object({
  version: Type.String({ description: 'Send it back with the decision: a file changed since is refused (409 STALE_VERSION)' }),
  tenant: Type.Object({
    id: Type.Integer(),
    apartmentSharingId: Type.Integer(),
    applicationType: Type.String(),
    email: Nullable(Type.String()),
    firstName: Nullable(Type.String()),
    lastName: Nullable(Type.String()),
    preferredName: Nullable(Type.String()),
    tenantType: Type.String(),
    status: Type.String(),
    honorDeclaration: Type.Boolean(),
    clarification: Nullable(Type.String()),
    creationDate: Type.String(),
    lastUpdateDate: Type.String(),
  }),
  coTenants: Type.Array(Type.Object({ id: Type.Integer(), firstName: Nullable(Type.String()), lastName: Nullable(Type.String()), tenantType: Type.String(), status: Type.String() })),
  partners: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), displayName: Type.String() })),
  documents: Type.Array(DocumentModel),
  guarantors: Type.Array(
    Type.Object({
      id: Type.Integer(),
      typeGuarantor: Type.String(),
      firstName: Nullable(Type.String()),
      lastName: Nullable(Type.String()),
      legalPersonName: Nullable(Type.String()),
      documents: Type.Array(DocumentModel),
    }),
  ),
  messages: Type.Array(MessageModel),
});

export const UserType = Type.Union([Type.Literal('tenant'), Type.Literal('guarantor')]);
export const Category = Type.Union(DENY_CATEGORIES.map((c) => Type.Literal(c)));
export const Code = Type.String({ pattern: '^[A-Z][A-Z0-9_]{2,63}$', description: 'Upper-case letters, digits and underscores, e.g. FRENCH_PASSPORT_001' });
export const SubCategory = Type.String({ pattern: '^[A-Z][A-Z_]{1,63}$' });
export const MessageValue = Type.String({ minLength: 1, maxLength: 2000 });

export const DenyReasonModel = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  messageValue: Type.String(),
  documentCategory: Type.String(),
  documentSubCategory: Nullable(Type.String()),
  documentUserType: UserType,
  disabled: Type.Boolean(),
});
