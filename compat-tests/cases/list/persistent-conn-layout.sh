# desc: --persistent-conn layout (weight, persistconn, active, inactive columns)
ipvsadm -A -t 10.0.0.100:8080 -p 120
ipvsadm -a -t 10.0.0.100:8080 -r 192.168.1.2:80 -m
ipvsadm -a -t 10.0.0.100:8080 -r 192.168.1.3:80 -m -w 65536
ipvsadm -A -f 5 -6 -p 30 -M 64
ipvsadm -a -f 5 -6 -r fd00::7 -g
ipvsadm -Ln --persistent-conn
echo "rc=$?"
