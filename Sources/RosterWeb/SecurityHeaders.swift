import Hummingbird

/// Adds the security headers to every response, error pages included, and turns errors into
/// HTML pages: a ``BadInput`` is a 400 naming the field, a ``WebStoreError`` a 409, an
/// `HTTPError` keeps its status.
///
/// The policy allows scripts, styles, images and connections to this server only, no frames
/// and no plug-ins; nothing the server sends may be stored by a cache or sent on as a referrer.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var headers: HTTPFields {
        [
            .contentSecurityPolicy:
                "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'",
            .xContentTypeOptions: "nosniff",
            HeaderName.referrerPolicy: "no-referrer",
            HeaderName.xFrameOptions: "DENY",
            .cacheControl: "no-store",
        ]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as BadInput {
            response = ErrorPage.response(
                .badRequest,
                message: "The form's field \u{201C}\(error.field)\u{201D}: \(error.expected). Nothing was saved.")
        } catch let error as WebStoreError {
            response = ErrorPage.response(.conflict, message: "\(error) Nothing was saved.")
        } catch let error as HTTPError {
            response = ErrorPage.response(error.status, message: error.body ?? error.status.reasonPhrase)
        } catch {
            // The message may quote data; the page and the log say only that it failed.
            context.logger.error("request failed: \(String(describing: type(of: error)))")
            response = ErrorPage.response(.internalServerError, message: "Something went wrong; nothing was saved.")
        }
        for field in Self.headers { response.headers[field.name] = field.value }
        return response
    }
}

/// Header names swift-http-types does not name.
enum HeaderName {
    static let referrerPolicy = HTTPFields.Element.Name("Referrer-Policy")!
    static let xFrameOptions = HTTPFields.Element.Name("X-Frame-Options")!
    static let xForwardedProto = HTTPFields.Element.Name("X-Forwarded-Proto")!
}
