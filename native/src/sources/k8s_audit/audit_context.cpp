// The tag address of audit contexts (see audit_context.h).
#include "sources/k8s_audit/audit_context.h"

namespace studio::sources::k8s_audit {

const uint8_t k_audit_context_tag[1] = {0};

}  // namespace studio::sources::k8s_audit
