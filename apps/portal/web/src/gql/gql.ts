/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query PortalMunicipalities {\n    enti(type: COMUNE, first: 100) {\n      edges {\n        node {\n          ipaCode\n          name\n        }\n      }\n    }\n  }\n": typeof types.PortalMunicipalitiesDocument,
    "\n  query PortalVoluntaryServices($enteCode: String!) {\n    ente(code: $enteCode) {\n      ipaCode\n      name\n    }\n    voluntaryServices(enteCode: $enteCode) {\n      code\n      name\n      description\n      fees {\n        description\n        amountCents\n      }\n      taxonomy {\n        code\n        serviceTypeName\n      }\n    }\n  }\n": typeof types.PortalVoluntaryServicesDocument,
    "\n  mutation PortalCreateVoluntaryPayment($input: CreateVoluntaryPaymentInput!) {\n    createVoluntaryPayment(input: $input) {\n      noticeNumber\n      formattedNoticeNumber\n      amount\n      dueDate\n      checkoutUrl\n      noticePdfUrl\n    }\n  }\n": typeof types.PortalCreateVoluntaryPaymentDocument,
    "\n  query PortalMyArea {\n    myCases(first: 50) {\n      edges {\n        node {\n          caseNumber\n          enteCode\n          serviceCode\n          status\n          receivedAt\n          currentStep {\n            title\n          }\n        }\n      }\n    }\n    myPayments(first: 50) {\n      edges {\n        node {\n          noticeNumber\n          formattedNoticeNumber\n          description\n          amount\n          dueDate\n          status\n          noticePdfUrl\n        }\n      }\n    }\n    myMessages {\n      id\n      subject\n      status\n      channel\n      createdAt\n      caseNumber\n    }\n  }\n": typeof types.PortalMyAreaDocument,
    "\n  query PortalMyCase($enteCode: String!, $caseNumber: String!) {\n    case(enteCode: $enteCode, caseNumber: $caseNumber) {\n      caseNumber\n      enteCode\n      serviceCode\n      status\n      receivedAt\n      currentStep {\n        id\n        title\n        type\n        awaiting\n        since\n      }\n      clock {\n        state\n        deadline\n      }\n      booking {\n        resourceName\n        date\n        start\n        end\n        status\n      }\n      payments {\n        noticeNumber\n        amountCents\n        dueDate\n        status\n      }\n      timeline {\n        seq\n        kind\n        at\n        stepId\n      }\n    }\n    myMessages {\n      id\n      subject\n      status\n      channel\n      createdAt\n      caseNumber\n    }\n  }\n": typeof types.PortalMyCaseDocument,
    "\n  query PortalServices($enteCode: String!) {\n    ente(code: $enteCode) {\n      ipaCode\n      name\n    }\n    services(enteCode: $enteCode, first: 100) {\n      edges {\n        node {\n          code\n          name\n          description\n          interactivityLevel\n          channels\n        }\n      }\n    }\n  }\n": typeof types.PortalServicesDocument,
    "\n  query PortalService($enteCode: String!, $code: String!) {\n    ente(code: $enteCode) {\n      ipaCode\n      name\n    }\n    service(enteCode: $enteCode, code: $code) {\n      code\n      name\n      description\n      interactivityLevel\n      channels\n      availability\n      voluntary\n      pagopaActive\n      fees {\n        description\n        amountCents\n      }\n      contactPoints {\n        kind\n        value\n        description\n      }\n      procedure {\n        name\n        termDays\n        termKind\n        legislation\n        subjectArea\n        responsibleUnit {\n          name\n        }\n      }\n    }\n  }\n": typeof types.PortalServiceDocument,
    "\n  mutation PortalStartCase($enteCode: String!, $serviceCode: String!, $requestId: String) {\n    startCase(enteCode: $enteCode, serviceCode: $serviceCode, requestId: $requestId) {\n      caseNumber\n      enteCode\n    }\n  }\n": typeof types.PortalStartCaseDocument,
    "\n  query PortalMe {\n    me {\n      kind\n      name\n      familyName\n      fiscalCode\n      email\n    }\n  }\n": typeof types.PortalMeDocument,
};
const documents: Documents = {
    "\n  query PortalMunicipalities {\n    enti(type: COMUNE, first: 100) {\n      edges {\n        node {\n          ipaCode\n          name\n        }\n      }\n    }\n  }\n": types.PortalMunicipalitiesDocument,
    "\n  query PortalVoluntaryServices($enteCode: String!) {\n    ente(code: $enteCode) {\n      ipaCode\n      name\n    }\n    voluntaryServices(enteCode: $enteCode) {\n      code\n      name\n      description\n      fees {\n        description\n        amountCents\n      }\n      taxonomy {\n        code\n        serviceTypeName\n      }\n    }\n  }\n": types.PortalVoluntaryServicesDocument,
    "\n  mutation PortalCreateVoluntaryPayment($input: CreateVoluntaryPaymentInput!) {\n    createVoluntaryPayment(input: $input) {\n      noticeNumber\n      formattedNoticeNumber\n      amount\n      dueDate\n      checkoutUrl\n      noticePdfUrl\n    }\n  }\n": types.PortalCreateVoluntaryPaymentDocument,
    "\n  query PortalMyArea {\n    myCases(first: 50) {\n      edges {\n        node {\n          caseNumber\n          enteCode\n          serviceCode\n          status\n          receivedAt\n          currentStep {\n            title\n          }\n        }\n      }\n    }\n    myPayments(first: 50) {\n      edges {\n        node {\n          noticeNumber\n          formattedNoticeNumber\n          description\n          amount\n          dueDate\n          status\n          noticePdfUrl\n        }\n      }\n    }\n    myMessages {\n      id\n      subject\n      status\n      channel\n      createdAt\n      caseNumber\n    }\n  }\n": types.PortalMyAreaDocument,
    "\n  query PortalMyCase($enteCode: String!, $caseNumber: String!) {\n    case(enteCode: $enteCode, caseNumber: $caseNumber) {\n      caseNumber\n      enteCode\n      serviceCode\n      status\n      receivedAt\n      currentStep {\n        id\n        title\n        type\n        awaiting\n        since\n      }\n      clock {\n        state\n        deadline\n      }\n      booking {\n        resourceName\n        date\n        start\n        end\n        status\n      }\n      payments {\n        noticeNumber\n        amountCents\n        dueDate\n        status\n      }\n      timeline {\n        seq\n        kind\n        at\n        stepId\n      }\n    }\n    myMessages {\n      id\n      subject\n      status\n      channel\n      createdAt\n      caseNumber\n    }\n  }\n": types.PortalMyCaseDocument,
    "\n  query PortalServices($enteCode: String!) {\n    ente(code: $enteCode) {\n      ipaCode\n      name\n    }\n    services(enteCode: $enteCode, first: 100) {\n      edges {\n        node {\n          code\n          name\n          description\n          interactivityLevel\n          channels\n        }\n      }\n    }\n  }\n": types.PortalServicesDocument,
    "\n  query PortalService($enteCode: String!, $code: String!) {\n    ente(code: $enteCode) {\n      ipaCode\n      name\n    }\n    service(enteCode: $enteCode, code: $code) {\n      code\n      name\n      description\n      interactivityLevel\n      channels\n      availability\n      voluntary\n      pagopaActive\n      fees {\n        description\n        amountCents\n      }\n      contactPoints {\n        kind\n        value\n        description\n      }\n      procedure {\n        name\n        termDays\n        termKind\n        legislation\n        subjectArea\n        responsibleUnit {\n          name\n        }\n      }\n    }\n  }\n": types.PortalServiceDocument,
    "\n  mutation PortalStartCase($enteCode: String!, $serviceCode: String!, $requestId: String) {\n    startCase(enteCode: $enteCode, serviceCode: $serviceCode, requestId: $requestId) {\n      caseNumber\n      enteCode\n    }\n  }\n": types.PortalStartCaseDocument,
    "\n  query PortalMe {\n    me {\n      kind\n      name\n      familyName\n      fiscalCode\n      email\n    }\n  }\n": types.PortalMeDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalMunicipalities {\n    enti(type: COMUNE, first: 100) {\n      edges {\n        node {\n          ipaCode\n          name\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').PortalMunicipalitiesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalVoluntaryServices($enteCode: String!) {\n    ente(code: $enteCode) {\n      ipaCode\n      name\n    }\n    voluntaryServices(enteCode: $enteCode) {\n      code\n      name\n      description\n      fees {\n        description\n        amountCents\n      }\n      taxonomy {\n        code\n        serviceTypeName\n      }\n    }\n  }\n"): typeof import('./graphql').PortalVoluntaryServicesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalCreateVoluntaryPayment($input: CreateVoluntaryPaymentInput!) {\n    createVoluntaryPayment(input: $input) {\n      noticeNumber\n      formattedNoticeNumber\n      amount\n      dueDate\n      checkoutUrl\n      noticePdfUrl\n    }\n  }\n"): typeof import('./graphql').PortalCreateVoluntaryPaymentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalMyArea {\n    myCases(first: 50) {\n      edges {\n        node {\n          caseNumber\n          enteCode\n          serviceCode\n          status\n          receivedAt\n          currentStep {\n            title\n          }\n        }\n      }\n    }\n    myPayments(first: 50) {\n      edges {\n        node {\n          noticeNumber\n          formattedNoticeNumber\n          description\n          amount\n          dueDate\n          status\n          noticePdfUrl\n        }\n      }\n    }\n    myMessages {\n      id\n      subject\n      status\n      channel\n      createdAt\n      caseNumber\n    }\n  }\n"): typeof import('./graphql').PortalMyAreaDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalMyCase($enteCode: String!, $caseNumber: String!) {\n    case(enteCode: $enteCode, caseNumber: $caseNumber) {\n      caseNumber\n      enteCode\n      serviceCode\n      status\n      receivedAt\n      currentStep {\n        id\n        title\n        type\n        awaiting\n        since\n      }\n      clock {\n        state\n        deadline\n      }\n      booking {\n        resourceName\n        date\n        start\n        end\n        status\n      }\n      payments {\n        noticeNumber\n        amountCents\n        dueDate\n        status\n      }\n      timeline {\n        seq\n        kind\n        at\n        stepId\n      }\n    }\n    myMessages {\n      id\n      subject\n      status\n      channel\n      createdAt\n      caseNumber\n    }\n  }\n"): typeof import('./graphql').PortalMyCaseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalServices($enteCode: String!) {\n    ente(code: $enteCode) {\n      ipaCode\n      name\n    }\n    services(enteCode: $enteCode, first: 100) {\n      edges {\n        node {\n          code\n          name\n          description\n          interactivityLevel\n          channels\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').PortalServicesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalService($enteCode: String!, $code: String!) {\n    ente(code: $enteCode) {\n      ipaCode\n      name\n    }\n    service(enteCode: $enteCode, code: $code) {\n      code\n      name\n      description\n      interactivityLevel\n      channels\n      availability\n      voluntary\n      pagopaActive\n      fees {\n        description\n        amountCents\n      }\n      contactPoints {\n        kind\n        value\n        description\n      }\n      procedure {\n        name\n        termDays\n        termKind\n        legislation\n        subjectArea\n        responsibleUnit {\n          name\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').PortalServiceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalStartCase($enteCode: String!, $serviceCode: String!, $requestId: String) {\n    startCase(enteCode: $enteCode, serviceCode: $serviceCode, requestId: $requestId) {\n      caseNumber\n      enteCode\n    }\n  }\n"): typeof import('./graphql').PortalStartCaseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalMe {\n    me {\n      kind\n      name\n      familyName\n      fiscalCode\n      email\n    }\n  }\n"): typeof import('./graphql').PortalMeDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
