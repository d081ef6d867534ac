// Status is the error value every fallible function in memoria returns.
//
// It is shaped like absl::Status: a code from a small closed set plus a
// human-readable message. An OK status carries no message. Status values are
// cheap to copy when OK and own their message otherwise.
//
// Thread safety: a Status is a value; distinct objects may be used from
// different threads without synchronisation.
#ifndef MEMORIA_CORE_STATUS_H_
#define MEMORIA_CORE_STATUS_H_

#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace memoria {

// The codes are a subset of abseil's canonical codes; see STYLE.md §3 for
// which to choose. Only src/web/ maps them to HTTP.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // malformed query, bad UTF-8, bad import row
  kNotFound,            // no such record, person or ledger entry
  kAlreadyExists,       // duplicate id
  kFailedPrecondition,  // well-formed request the current state rejects
  kResourceExhausted,   // over a limit (body, results, query length, field size)
  kUnavailable,         // SQLITE_BUSY, shutting down: the caller may retry
  kDataLoss,            // checksum mismatch, SQLITE_CORRUPT; never repaired silently
  kInternal,            // a broken invariant of our own
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "INVALID_ARGUMENT: line 7: unterminated quote", or "OK".
  std::string ToString() const;

  // Returns a copy whose message is "prefix: message". OK stays OK.
  Status Annotate(std::string_view prefix) const;

  // Explicitly discards the status where ignoring it is intended.
  void IgnoreError() const {}

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.message_ == b.message_;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

std::ostream& operator<<(std::ostream& os, const Status& s);

inline Status InvalidArgumentError(std::string m) {
  return Status(StatusCode::kInvalidArgument, std::move(m));
}
inline Status NotFoundError(std::string m) { return Status(StatusCode::kNotFound, std::move(m)); }
inline Status AlreadyExistsError(std::string m) {
  return Status(StatusCode::kAlreadyExists, std::move(m));
}
inline Status FailedPreconditionError(std::string m) {
  return Status(StatusCode::kFailedPrecondition, std::move(m));
}
inline Status ResourceExhaustedError(std::string m) {
  return Status(StatusCode::kResourceExhausted, std::move(m));
}
inline Status UnavailableError(std::string m) {
  return Status(StatusCode::kUnavailable, std::move(m));
}
inline Status DataLossError(std::string m) { return Status(StatusCode::kDataLoss, std::move(m)); }
inline Status InternalError(std::string m) { return Status(StatusCode::kInternal, std::move(m)); }

}  // namespace memoria

#define MEMORIA_STATUS_CONCAT_INNER_(a, b) a##b
#define MEMORIA_STATUS_CONCAT_(a, b) MEMORIA_STATUS_CONCAT_INNER_(a, b)

// Returns from the enclosing function if "expr" (a Status) is not OK.
#define MEMORIA_RETURN_IF_ERROR(expr) \
  MEMORIA_RETURN_IF_ERROR_IMPL_(MEMORIA_STATUS_CONCAT_(memoria_status_, __LINE__), expr)
#define MEMORIA_RETURN_IF_ERROR_IMPL_(tmp, expr) \
  do {                                           \
    ::memoria::Status tmp = (expr);              \
    if (!tmp.ok()) return tmp;                   \
  } while (0)

// MEMORIA_ASSIGN_OR_RETURN(T x, ResultExpr): evaluates a Result<T>; on error
// returns its status, otherwise moves the value into the declaration.
#define MEMORIA_ASSIGN_OR_RETURN(decl, expr) \
  MEMORIA_ASSIGN_OR_RETURN_IMPL_(MEMORIA_STATUS_CONCAT_(memoria_result_, __LINE__), decl, expr)
#define MEMORIA_ASSIGN_OR_RETURN_IMPL_(tmp, decl, expr) \
  auto tmp = (expr);                                    \
  if (!tmp.ok()) return std::move(tmp).status();        \
  decl = std::move(tmp).value()

// Checks for conditions that "cannot happen" (after SQLite's ALWAYS/NEVER):
// they abort in debug builds and evaluate to the condition in release builds,
// so the caller can take a recovery path.
#ifdef NDEBUG
#define MEMORIA_ALWAYS(x) (x)
#define MEMORIA_NEVER(x) (x)
#else
#include <cassert>
#define MEMORIA_ALWAYS(x) ((x) ? true : (assert(false && #x), false))
#define MEMORIA_NEVER(x) ((x) ? (assert(false && #x), true) : false)
#endif

#endif  // MEMORIA_CORE_STATUS_H_
