#include "common/core/ocf_status.h"

namespace hanfs {

std::string_view status_name(OcfStatus status) {
  switch (status) {
    case OcfStatus::success: return "OCF_SUCCESS";
    case OcfStatus::err_generic: return "OCF_ERR_GENERIC";
    case OcfStatus::err_args: return "OCF_ERR_ARGS";
    case OcfStatus::err_unimplemented: return "OCF_ERR_UNIMPLEMENTED";
    case OcfStatus::err_perm: return "OCF_ERR_PERM";
    case OcfStatus::err_installed: return "OCF_ERR_INSTALLED";
    case OcfStatus::err_configured: return "OCF_ERR_CONFIGURED";
    case OcfStatus::not_running: return "OCF_NOT_RUNNING";
    case OcfStatus::running_promoted: return "OCF_RUNNING_PROMOTED";
    case OcfStatus::failed_promoted: return "OCF_FAILED_PROMOTED";
    case OcfStatus::degraded: return "OCF_DEGRADED";
    case OcfStatus::degraded_promoted: return "OCF_DEGRADED_PROMOTED";
  }
  return "OCF_UNKNOWN";
}

}  // namespace hanfs
