/** RFC 7807 problem details, the error body of pagoPA's services and of App IO's functions. */
export interface ProblemJson {
  type?: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
}
