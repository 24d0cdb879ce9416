# desc: a listing error inside -R (-L -t of a missing service) prints No such service and ends the restore with rc 1
ipvsadm -R <<'EOF'
-A -t 10.0.0.150:80
-L -n -t 10.0.0.151:80
-A -t 10.0.0.151:80
EOF
echo "rc=$?"
ipvsadm -Ln
