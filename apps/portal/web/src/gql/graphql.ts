/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Who acts: the kind of caller, as read from the credentials. */
export type ActorKind =
  /** No credentials. */
  | 'anonymous'
  /** A citizen signed in with SPID or CIE. */
  | 'citizen'
  /** An ente's API key. */
  | 'integrator'
  /** A staff member of an ente or of the region. */
  | 'staff'
  /** The platform itself (seed, workflows, scheduled jobs). */
  | 'system';

/** What the current step waits for. */
export type CaseAwaiting =
  | 'citizenBooking'
  | 'citizenForm'
  | 'integration'
  | 'observations'
  | 'payment'
  | 'staff'
  | 'timer';

/** Where a case (pratica) stands. */
export type CaseStatus =
  | 'accepted'
  | 'cancelled'
  | 'expired'
  | 'inProgress'
  | 'rejected'
  | 'submitted'
  | 'suspended'
  | 'waitingCitizen'
  | 'waitingPayment'
  | 'waitingStaff'
  | 'withdrawn';

/** Where the citizen uses the service (CPSV-AP_IT channels). */
export type Channel =
  | 'APP'
  | 'EMAIL'
  | 'PEC'
  | 'PHONE'
  | 'POST'
  | 'SPORTELLO'
  | 'WEB';

/** A payment the citizen starts (pagamento spontaneo) for a voluntary service. */
export type CreateVoluntaryPaymentInput = {
  /** Euro cents; required unless the service has one fixed fee. */
  amountCents?: number | null | undefined;
  /** Causale: what the payment is for, as the service hints (max 140 characters). */
  causale: string;
  /** IPA code of the ente, e.g. c_l424. */
  enteCode: string;
  mode: VoluntaryPaymentMode;
  payer: PayerInput;
  /** Your id for this request: repeating it returns the same payment. */
  requestId?: string | null | undefined;
  /** Code of one of its voluntary services. */
  serviceCode: string;
};

/** AgID/CPSV-AP_IT ladder, from not on line (NONE) to proactive (LEVEL 5). */
export type InteractivityLevel =
  /** LEVEL 3: forms submitted on line. */
  | 'DUE_VIE'
  /** LEVEL 1: information only. */
  | 'INFORMATIVO'
  /** NONE: not on line. */
  | 'NON_ONLINE'
  /** LEVEL 5: proactive (reminders, pre-filled data). */
  | 'PERSONALIZZATO'
  /** LEVEL 4: fully on line, payment and outcome included. */
  | 'TRANSATTIVO'
  /** LEVEL 2: forms to download. */
  | 'UNA_VIA';

/** Where the message reached the citizen: App IO, the e-mail fallback, or nowhere (yet). */
export type MessageChannel =
  | 'email'
  | 'io'
  | 'none';

/** pending → accepted (by App IO) → processed (in the citizen’s IO inbox); rejected or failed at IO; fallbackSent by e-mail; undeliverable (not on IO or blocked, no e-mail address); invalid (refused before sending: limits or template); unconfirmed (IO’s answer was lost; never sent twice). */
export type MessageDeliveryStatus =
  | 'accepted'
  | 'failed'
  | 'fallbackSent'
  | 'invalid'
  | 'pending'
  | 'processed'
  | 'rejected'
  | 'unconfirmed'
  | 'undeliverable';

export type PayerInput = {
  email?: string | null | undefined;
  /** Codice fiscale (16 characters) or 11-digit fiscal code / partita IVA. */
  fiscalCode: string;
  fullName: string;
  type: PayerType;
};

/** Whether the payer is a natural person or a legal entity (pagoPA tipo identificativo univoco). */
export type PayerType =
  /** Persona fisica: a natural person, with a 16-character codice fiscale. */
  | 'F'
  /** Persona giuridica: a legal entity, with an 11-digit fiscal code / partita IVA. */
  | 'G';

/** Lifecycle of a pagoPA payment. */
export type PaymentStatus =
  | 'cancelled'
  | 'draft'
  | 'expired'
  | 'failed'
  | 'issued'
  | 'paid'
  | 'paidAfterCancellation'
  | 'paidAfterExpiry'
  | 'paidAfterFailure'
  | 'partiallyPaid'
  | 'published'
  | 'reconciled'
  | 'reported';

/** How the term in days is counted. */
export type TermKind =
  | 'BUSINESS_DAYS'
  | 'CALENDAR_DAYS';

/** 'payNow': straight to pagoPA Checkout; 'payLater': an avviso to pay on line or at a physical point. */
export type VoluntaryPaymentMode =
  | 'payLater'
  | 'payNow';

export type PortalMunicipalitiesQueryVariables = Exact<{ [key: string]: never; }>;


export type PortalMunicipalitiesQuery = { enti: { edges: Array<{ node: { ipaCode: string, name: string } }> } };

export type PortalVoluntaryServicesQueryVariables = Exact<{
  enteCode: string;
}>;


export type PortalVoluntaryServicesQuery = { ente: { ipaCode: string, name: string } | null, voluntaryServices: Array<{ code: string, name: string, description: string, fees: Array<{ description: string, amountCents: number }>, taxonomy: Array<{ code: string, serviceTypeName: string }> }> };

export type PortalCreateVoluntaryPaymentMutationVariables = Exact<{
  input: CreateVoluntaryPaymentInput;
}>;


export type PortalCreateVoluntaryPaymentMutation = { createVoluntaryPayment: { noticeNumber: string, formattedNoticeNumber: string, amount: string, dueDate: string, checkoutUrl: string | null, noticePdfUrl: string } };

export type PortalMyAreaQueryVariables = Exact<{ [key: string]: never; }>;


export type PortalMyAreaQuery = { myCases: { edges: Array<{ node: { caseNumber: string, enteCode: string, serviceCode: string, status: CaseStatus, receivedAt: string | null, currentStep: { title: string } | null } }> }, myPayments: { edges: Array<{ node: { noticeNumber: string, formattedNoticeNumber: string, description: string, amount: string, dueDate: string, status: PaymentStatus, noticePdfUrl: string | null } }> }, myMessages: Array<{ id: string, subject: string | null, status: MessageDeliveryStatus, channel: MessageChannel, createdAt: string, caseNumber: string | null }> };

export type PortalMyCaseQueryVariables = Exact<{
  enteCode: string;
  caseNumber: string;
}>;


export type PortalMyCaseQuery = { case: { caseNumber: string, enteCode: string, serviceCode: string, status: CaseStatus, receivedAt: string | null, currentStep: { id: string, title: string, type: string, awaiting: CaseAwaiting | null, since: string } | null, clock: { state: string, deadline: string | null }, booking: { resourceName: string, date: string, start: string, end: string, status: string } | null, payments: Array<{ noticeNumber: string, amountCents: number, dueDate: string, status: string }>, timeline: Array<{ seq: number, kind: string, at: string, stepId: string | null }> }, myMessages: Array<{ id: string, subject: string | null, status: MessageDeliveryStatus, channel: MessageChannel, createdAt: string, caseNumber: string | null }> };

export type PortalServicesQueryVariables = Exact<{
  enteCode: string;
}>;


export type PortalServicesQuery = { ente: { ipaCode: string, name: string } | null, services: { edges: Array<{ node: { code: string, name: string, description: string, interactivityLevel: InteractivityLevel, channels: Array<Channel> } }> } };

export type PortalServiceQueryVariables = Exact<{
  enteCode: string;
  code: string;
}>;


export type PortalServiceQuery = { ente: { ipaCode: string, name: string } | null, service: { code: string, name: string, description: string, interactivityLevel: InteractivityLevel, channels: Array<Channel>, availability: string | null, voluntary: boolean, pagopaActive: boolean, fees: Array<{ description: string, amountCents: number }>, contactPoints: Array<{ kind: Channel, value: string, description: string | null }>, procedure: { name: string, termDays: number, termKind: TermKind, legislation: Array<string>, subjectArea: string, responsibleUnit: { name: string } | null } | null } | null };

export type PortalStartCaseMutationVariables = Exact<{
  enteCode: string;
  serviceCode: string;
  requestId?: string | null | undefined;
}>;


export type PortalStartCaseMutation = { startCase: { caseNumber: string, enteCode: string } };

export type PortalMeQueryVariables = Exact<{ [key: string]: never; }>;


export type PortalMeQuery = { me: { kind: ActorKind, name: string | null, familyName: string | null, fiscalCode: string | null, email: string | null } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const PortalMunicipalitiesDocument = new TypedDocumentString(`
    query PortalMunicipalities {
  enti(type: COMUNE, first: 100) {
    edges {
      node {
        ipaCode
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PortalMunicipalitiesQuery, PortalMunicipalitiesQueryVariables>;
export const PortalVoluntaryServicesDocument = new TypedDocumentString(`
    query PortalVoluntaryServices($enteCode: String!) {
  ente(code: $enteCode) {
    ipaCode
    name
  }
  voluntaryServices(enteCode: $enteCode) {
    code
    name
    description
    fees {
      description
      amountCents
    }
    taxonomy {
      code
      serviceTypeName
    }
  }
}
    `) as unknown as TypedDocumentString<PortalVoluntaryServicesQuery, PortalVoluntaryServicesQueryVariables>;
export const PortalCreateVoluntaryPaymentDocument = new TypedDocumentString(`
    mutation PortalCreateVoluntaryPayment($input: CreateVoluntaryPaymentInput!) {
  createVoluntaryPayment(input: $input) {
    noticeNumber
    formattedNoticeNumber
    amount
    dueDate
    checkoutUrl
    noticePdfUrl
  }
}
    `) as unknown as TypedDocumentString<PortalCreateVoluntaryPaymentMutation, PortalCreateVoluntaryPaymentMutationVariables>;
export const PortalMyAreaDocument = new TypedDocumentString(`
    query PortalMyArea {
  myCases(first: 50) {
    edges {
      node {
        caseNumber
        enteCode
        serviceCode
        status
        receivedAt
        currentStep {
          title
        }
      }
    }
  }
  myPayments(first: 50) {
    edges {
      node {
        noticeNumber
        formattedNoticeNumber
        description
        amount
        dueDate
        status
        noticePdfUrl
      }
    }
  }
  myMessages {
    id
    subject
    status
    channel
    createdAt
    caseNumber
  }
}
    `) as unknown as TypedDocumentString<PortalMyAreaQuery, PortalMyAreaQueryVariables>;
export const PortalMyCaseDocument = new TypedDocumentString(`
    query PortalMyCase($enteCode: String!, $caseNumber: String!) {
  case(enteCode: $enteCode, caseNumber: $caseNumber) {
    caseNumber
    enteCode
    serviceCode
    status
    receivedAt
    currentStep {
      id
      title
      type
      awaiting
      since
    }
    clock {
      state
      deadline
    }
    booking {
      resourceName
      date
      start
      end
      status
    }
    payments {
      noticeNumber
      amountCents
      dueDate
      status
    }
    timeline {
      seq
      kind
      at
      stepId
    }
  }
  myMessages {
    id
    subject
    status
    channel
    createdAt
    caseNumber
  }
}
    `) as unknown as TypedDocumentString<PortalMyCaseQuery, PortalMyCaseQueryVariables>;
export const PortalServicesDocument = new TypedDocumentString(`
    query PortalServices($enteCode: String!) {
  ente(code: $enteCode) {
    ipaCode
    name
  }
  services(enteCode: $enteCode, first: 100) {
    edges {
      node {
        code
        name
        description
        interactivityLevel
        channels
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PortalServicesQuery, PortalServicesQueryVariables>;
export const PortalServiceDocument = new TypedDocumentString(`
    query PortalService($enteCode: String!, $code: String!) {
  ente(code: $enteCode) {
    ipaCode
    name
  }
  service(enteCode: $enteCode, code: $code) {
    code
    name
    description
    interactivityLevel
    channels
    availability
    voluntary
    pagopaActive
    fees {
      description
      amountCents
    }
    contactPoints {
      kind
      value
      description
    }
    procedure {
      name
      termDays
      termKind
      legislation
      subjectArea
      responsibleUnit {
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PortalServiceQuery, PortalServiceQueryVariables>;
export const PortalStartCaseDocument = new TypedDocumentString(`
    mutation PortalStartCase($enteCode: String!, $serviceCode: String!, $requestId: String) {
  startCase(enteCode: $enteCode, serviceCode: $serviceCode, requestId: $requestId) {
    caseNumber
    enteCode
  }
}
    `) as unknown as TypedDocumentString<PortalStartCaseMutation, PortalStartCaseMutationVariables>;
export const PortalMeDocument = new TypedDocumentString(`
    query PortalMe {
  me {
    kind
    name
    familyName
    fiscalCode
    email
  }
}
    `) as unknown as TypedDocumentString<PortalMeQuery, PortalMeQueryVariables>;