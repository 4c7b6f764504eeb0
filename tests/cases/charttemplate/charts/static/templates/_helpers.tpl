{{/* helpers */}}
